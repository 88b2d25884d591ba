import type { IncomingMessage } from 'node:http';
import { bodyTooLargeError, invalidJsonError, unsupportedMediaTypeError } from './error-response.ts';

/**
 * Reads and parses the JSON body of a raw request, with the checks Fastify's JSON parser makes:
 * `application/json` only (415), at most `limit` bytes (413, refused from Content-Length before
 * reading when it says so), not empty and valid JSON (400 `invalid_json`), and no
 * prototype-poisoning keys (`__proto__`, `constructor.prototype`).
 */
export function readJsonBody(request: IncomingMessage, limit: number): Promise<unknown> {
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
        resolve(parseJson(text));
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

/** JSON.parse with the failures as OpenAI-shaped 400s; the reviver only runs when a dangerous key could be present. */
export function parseJson(text: string): unknown {
  if (text.length === 0) throw invalidJsonError("Body cannot be empty when content-type is set to 'application/json'");
  const suspicious = text.includes('__proto__') || text.includes('constructor');
  try {
    return suspicious ? JSON.parse(text, rejectPoisoning) : JSON.parse(text);
  } catch (error) {
    throw invalidJsonError(error instanceof Error ? error.message : undefined);
  }
}

function rejectPoisoning(key: string, value: unknown): unknown {
  if (key === '__proto__') throw new SyntaxError('Object contains forbidden prototype property');
  if (key === 'constructor' && value !== null && typeof value === 'object' && Object.hasOwn(value, 'prototype')) {
    throw new SyntaxError('Object contains forbidden prototype property');
  }
  return value;
}
