import type { ServerResponse } from 'node:http';
import { anthropicErrorBody } from '../client-apis/anthropic-messages/anthropic-error.ts';
import {
  KaiyuanError,
  errorBody,
  internalError,
  invalidRequest,
  toKaiyuanError,
  type ErrorBody,
} from '../util/errors.ts';

/**
 * The one mapping from anything thrown in a request to an HTTP status, headers and an
 * OpenAI-shaped body. Fastify's own errors (bad JSON, schema validation, body too large) are
 * translated here too.
 */
export function toHttpError(thrown: unknown): {
  status: number;
  headers: Record<string, string>;
  body: ErrorBody;
  error: KaiyuanError;
} {
  const error = translateFrameworkError(thrown) ?? translateStoreError(thrown) ?? toKaiyuanError(thrown);
  const headers: Record<string, string> = { ...(error.headers ?? {}) };
  // The text of an unexpected failure stays in the log; the client gets the request id to quote.
  if (error.code === 'internal_error') {
    const body = errorBody(error);
    body.error.message =
      'The server had an error while processing your request. Quote the x-request-id header when you report it.';
    return { status: error.status, headers, body, error };
  }
  if (error.retryAfterMs !== undefined && (error.status === 429 || error.status === 503)) {
    headers['retry-after'] = String(Math.max(1, Math.ceil(error.retryAfterMs / 1000)));
  }
  return { status: error.status, headers, body: errorBody(error), error };
}

interface FrameworkError {
  code?: string;
  statusCode?: number;
  message?: string;
  validation?: Array<{ instancePath?: string; message?: string; keyword?: string; params?: Record<string, unknown> }>;
  validationContext?: string;
}

function translateFrameworkError(thrown: unknown): KaiyuanError | null {
  if (thrown instanceof KaiyuanError || !thrown || typeof thrown !== 'object') return null;
  const error = thrown as FrameworkError;
  if (error.validation && error.validation.length > 0)
    return validationError(error.validation, error.validationContext);
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return invalidJsonError(error.message);
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return bodyTooLargeError();
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return unsupportedMediaTypeError(error.message);
  }
  if (error.code === 'ERR_INVALID_JSON' || thrown instanceof SyntaxError) return invalidJsonError();
  if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
    return invalidRequest(error.message ?? 'Bad request', null, 'bad_request');
  }
  return null;
}

/**
 * PostgreSQL's refusals of text it cannot store (22P05 untranslatable character, 22021 invalid
 * byte sequence): a 400, as the same input gets on SQLite, should any reach the store unchecked.
 */
function translateStoreError(thrown: unknown): KaiyuanError | null {
  const code = (thrown as { code?: unknown } | null)?.code;
  if (code !== '22P05' && code !== '22021') return null;
  return invalidRequest(
    'The request contains text that cannot be stored (a NUL character or invalid Unicode).',
    null,
    'invalid_text',
  );
}

/** 400 `invalid_json`: the body is not JSON (or empty, or carries a prototype-poisoning key). */
export function invalidJsonError(detail?: string): KaiyuanError {
  return invalidRequest(
    `We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload.) ${detail ?? ''}`.trim(),
    null,
    'invalid_json',
  );
}

export function bodyTooLargeError(): KaiyuanError {
  return new KaiyuanError('request_too_large', 'The request body is too large.', {
    status: 413,
    type: 'invalid_request_error',
  });
}

export function unsupportedMediaTypeError(detail?: string): KaiyuanError {
  return new KaiyuanError('unsupported_media_type', `Unsupported content type. ${detail ?? ''}`.trim(), {
    status: 415,
    type: 'invalid_request_error',
  });
}

/** 400 naming the first schema violation (ajv errors, from Fastify or the inference front door). */
export function validationError(issues: FrameworkError['validation'] & object, context = 'body'): KaiyuanError {
  const first = issues[0]!;
  const param = paramOf(first);
  const where = param ? `'${param}'` : `the ${context}`;
  return invalidRequest(`Invalid value for ${where}: ${first.message ?? 'invalid'}.`, param, 'invalid_value');
}

function paramOf(issue: { instancePath?: string; keyword?: string; params?: Record<string, unknown> }): string | null {
  const base = (issue.instancePath ?? '').replace(/^\//, '').replaceAll('/', '.');
  const missing = issue.keyword === 'required' ? String(issue.params?.missingProperty ?? '') : '';
  const additional = issue.keyword === 'additionalProperties' ? String(issue.params?.additionalProperty ?? '') : '';
  const leaf = missing || additional;
  const joined = leaf ? (base ? `${base}.${leaf}` : leaf) : base;
  return joined.replace(/\.(\d+)(?=\.|$)/g, '[$1]') || null;
}

/**
 * Writes an error straight to a raw response (the inference front door, streams); returns the
 * status. Routes of the Anthropic protocol answer in Anthropic's error shape.
 */
export function writeErrorToResponse(
  response: ServerResponse,
  thrown: unknown,
  extraHeaders: Record<string, string> = {},
  shape?: 'anthropic',
  requestId?: string,
): number {
  const { status, headers, body, error } = toHttpError(thrown);
  if (response.headersSent) return status;
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...extraHeaders, ...headers });
  // The Anthropic shape too carries the generic text of an unexpected failure, never the internal one.
  const shown = error.code === 'internal_error' ? internalError(body.error.message) : error;
  response.end(JSON.stringify(shape === 'anthropic' ? anthropicErrorBody(shown, requestId) : body));
  return status;
}
