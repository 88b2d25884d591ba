/**
 * One HTTP call to an upstream through the provider's pooled undici dispatcher. Resolves when the
 * response headers arrived with a 2xx status; otherwise throws the ProviderError for the status
 * (Retry-After honoured), a transport ProviderError, or the AbortError of the caller's signal.
 */
import { request, type Dispatcher } from 'undici';
import { errorForStatus, parseRetryAfter, type ProviderSettings } from '../spec.ts';
import { messageOfErrorText } from './error-body.ts';
import { mapTransportError } from './transport-error.ts';
import type { CancelSignal } from '../../util/cancel-signal.ts';

export interface UpstreamRequest {
  method: 'GET' | 'POST';
  /** Path appended to the provider's base URL, e.g. `/chat/completions`. */
  path: string;
  body?: string;
  signal: CancelSignal;
  /** Milliseconds to wait for the response headers (undici headersTimeout). */
  headersTimeoutMs?: number;
  /** Longest silence while reading the body (undici bodyTimeout). */
  bodyTimeoutMs?: number;
  /** Extra headers for this call (the settings' headers come first). */
  headers?: Record<string, string>;
}

export type UpstreamResponse = Dispatcher.ResponseData;

export function joinUrl(baseUrl: string, path: string): string {
  return baseUrl.endsWith('/') ? baseUrl.slice(0, -1) + path : baseUrl + path;
}

/** The headers of an upstream call: accept, the provider's (auth included), the call's, and the body's type. */
export function upstreamHeaders(settings: ProviderSettings, call: UpstreamRequest): Record<string, string> {
  const headers: Record<string, string> = {
    accept: 'application/json, text/event-stream',
    ...settings.headers(),
    ...call.headers,
  };
  if (call.body !== undefined) headers['content-type'] = 'application/json';
  return headers;
}

/** The ProviderError of a non-2xx answer: its body's message, Retry-After honoured. */
export function statusError(
  settings: ProviderSettings,
  statusCode: number,
  body: string,
  headers: Record<string, string | string[] | undefined>,
): Error {
  return errorForStatus(statusCode, messageOfErrorText(body), parseRetryAfter(headers), settings.name);
}

export async function sendUpstream(settings: ProviderSettings, call: UpstreamRequest): Promise<UpstreamResponse> {
  if (call.signal.aborted) throw mapTransportError(undefined, call.signal, 'connect', settings.name);
  const headers = upstreamHeaders(settings, call);
  let response: UpstreamResponse;
  try {
    response = await request(joinUrl(settings.baseUrl, call.path), {
      method: call.method,
      headers,
      body: call.body,
      dispatcher: settings.dispatcher,
      // undici takes any signal with addEventListener (its own API: EventTarget or EventEmitter);
      // passing ours spares an AbortController per call (decision 007).
      signal: call.signal as unknown as AbortSignal,
      headersTimeout: call.headersTimeoutMs,
      bodyTimeout: call.bodyTimeoutMs,
    });
  } catch (error) {
    throw mapTransportError(error, call.signal, 'connect', settings.name);
  }
  if (response.statusCode >= 200 && response.statusCode < 300) return response;
  const text = await readText(response, settings.name, call.signal).catch(() => '');
  throw statusError(
    settings,
    response.statusCode,
    text,
    response.headers as Record<string, string | string[] | undefined>,
  );
}

/** Reads a whole response body as text, mapping a failure mid-body to a 'response' phase error. */
export async function readText(
  response: UpstreamResponse,
  providerName: string,
  signal: CancelSignal,
): Promise<string> {
  try {
    return await response.body.text();
  } catch (error) {
    throw mapTransportError(error, signal, 'response', providerName);
  }
}

export function contentType(response: UpstreamResponse): string {
  const value = response.headers['content-type'];
  return (Array.isArray(value) ? value[0] : (value ?? '')).toLowerCase();
}
