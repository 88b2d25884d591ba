import type { IncomingMessage } from 'node:http';
import { invalidRequest } from '../util/errors.ts';
import { bodyTooLargeError, invalidJsonError, unsupportedMediaTypeError } from './error-response.ts';

/**
 * Reads and parses the JSON body of a raw request, with the checks Fastify's JSON parser makes:
 * `application/json` only (415), at most `limit` bytes (413, refused from Content-Length before
 * reading when it says so), not empty and valid JSON (400 `invalid_json`), and no
 * prototype-poisoning keys (`__proto__`, `constructor.prototype`).
 */
export function readJsonBody(
  request: IncomingMessage,
  limit: number,
  limits: JsonLimits = defaultJsonLimits,
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const type = request.headers['content-type'];
    if (type === undefined || !isJson(type)) {
      request.resume();
      reject(unsupportedMediaTypeError(`Unsupported Media Type: ${type ?? '(none)'}`));
      return;
    }
    const declared = Number(request.headers['content-length']);
    if (declared > limit) {
      request.resume();
      reject(bodyTooLargeError());
      return;
    }
    let first: Buffer | null = null;
    let rest: Buffer[] | null = null;
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) return;
      if (first === null) first = chunk;
      else (rest ??= [first]).push(chunk);
    });
    // Per-request objects, each event comes once: `on` spares the once-wrappers.
    request.on('error', reject);
    request.on('end', () => {
      if (size > limit) return reject(bodyTooLargeError());
      const text = rest ? Buffer.concat(rest).toString('utf8') : first ? first.toString('utf8') : '';
      try {
        resolve(parseJson(text, limits));
      } catch (error) {
        reject(error);
      }
    });
  });
}

function isJson(contentType: string): boolean {
  const semicolon = contentType.indexOf(';');
  const essence = (semicolon === -1 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
  return essence === 'application/json';
}

/** What a JSON body may hold beyond being JSON. */
export interface JsonLimits {
  /** Deepest nesting of arrays and objects (deeper bodies answer 400 before they are parsed). */
  maxDepth: number;
  /**
   * Refuse NUL characters and lone surrogates in strings (400): the stores cannot keep them alike
   * (PostgreSQL refuses NUL in text, SQLite keeps it), so bodies that reach the store never hold them.
   */
  textOnly: boolean;
}

/** Nesting deep enough for any real request (tool schemas included), far below the stack's limit. */
export const defaultJsonLimits: JsonLimits = { maxDepth: 128, textOnly: false };
/** Bodies of the routes that store what they receive (everything but inference). */
export const storedJsonLimits: JsonLimits = { maxDepth: 64, textOnly: true };

/**
 * JSON.parse with the failures as OpenAI-shaped 400s; checks the nesting depth (and the text) in
 * one pass before parsing, so no deep body reaches a recursive function; the reviver only runs
 * when a dangerous key could be present.
 */
export function parseJson(text: string, limits: JsonLimits = defaultJsonLimits): unknown {
  if (text.length === 0) throw invalidJsonError("Body cannot be empty when content-type is set to 'application/json'");
  checkJsonText(text, limits);
  const suspicious = text.includes('__proto__') || text.includes('constructor');
  try {
    return suspicious ? JSON.parse(text, rejectPoisoning) : JSON.parse(text);
  } catch (error) {
    throw invalidJsonError(error instanceof Error ? error.message : undefined);
  }
}

const backslash = 92;
const quote = 34;

/** One scan of the text: nesting depth outside strings; NUL and lone surrogates escaped inside them. */
export function checkJsonText(text: string, limits: JsonLimits): void {
  // A text shorter than the limit cannot nest deeper than it, and without a backslash it escapes nothing.
  if (text.length <= limits.maxDepth && (!limits.textOnly || !text.includes('\\'))) return;
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === quote) inString = false;
      else if (code === backslash) {
        if (limits.textOnly && text.charCodeAt(index + 1) === 117 /* u */) checkEscape(text, index);
        index++;
      }
      continue;
    }
    if (code === quote) inString = true;
    else if (code === 91 /* [ */ || code === 123 /* { */) {
      if (++depth > limits.maxDepth) throw tooDeepError(limits.maxDepth);
    } else if (code === 93 /* ] */ || code === 125 /* } */) depth--;
  }
}

function checkEscape(text: string, index: number): void {
  const unit = Number.parseInt(text.slice(index + 2, index + 6), 16);
  if (unit === 0) throw unstorableTextError('a NUL character (\\u0000)');
  if (unit >= 0xd800 && unit <= 0xdbff) {
    const next =
      text.slice(index + 6, index + 8) === '\\u' ? Number.parseInt(text.slice(index + 8, index + 12), 16) : -1;
    if (!(next >= 0xdc00 && next <= 0xdfff)) throw unstorableTextError('a lone surrogate (invalid Unicode)');
  } else if (unit >= 0xdc00 && unit <= 0xdfff) {
    const previous =
      text.slice(index - 6, index - 4) === '\\u' ? Number.parseInt(text.slice(index - 4, index), 16) : -1;
    if (!(previous >= 0xd800 && previous <= 0xdbff)) throw unstorableTextError('a lone surrogate (invalid Unicode)');
  }
}

function tooDeepError(maxDepth: number) {
  return invalidRequest(
    `The JSON body nests arrays and objects more than ${maxDepth} levels deep.`,
    null,
    'json_too_deep',
  );
}

function unstorableTextError(what: string) {
  return invalidRequest(`The request contains ${what}, which text fields cannot hold.`, null, 'invalid_text');
}

function rejectPoisoning(key: string, value: unknown): unknown {
  if (key === '__proto__') throw new SyntaxError('Object contains forbidden prototype property');
  if (key === 'constructor' && value !== null && typeof value === 'object' && Object.hasOwn(value, 'prototype')) {
    throw new SyntaxError('Object contains forbidden prototype property');
  }
  return value;
}
