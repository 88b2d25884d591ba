import { ApiError, apiErrorFromResponse } from './api-error.ts';
import { csrfToken } from './csrf-token.ts';

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
}

/** Fired when a call answers 401, so the console can re-check the session (it may have expired). */
export const unauthenticatedEvent = 'kaiyuan:unauthenticated';

export function notifyUnauthenticated(): void {
  window.dispatchEvent(new Event(unauthenticatedEvent));
}

/** Headers of a console call: JSON, and the CSRF token on every call (required for state changes and /v1). */
export function consoleHeaders(withBody: boolean): Headers {
  const headers = new Headers({ accept: 'application/json' });
  if (withBody) headers.set('content-type', 'application/json');
  const token = csrfToken();
  if (token) headers.set('x-csrf-token', token);
  return headers;
}

/** Sends a request with the session cookie; resolves to the response, or throws an ApiError. */
export async function sendRequest(path: string, options: RequestOptions = {}): Promise<Response> {
  const withBody = options.body !== undefined;
  let response: Response;
  try {
    response = await fetch(path, {
      method: options.method ?? (withBody ? 'POST' : 'GET'),
      headers: consoleHeaders(withBody),
      body: withBody ? JSON.stringify(options.body) : undefined,
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(`Network error: ${(error as Error).message}`, { status: 0, code: 'network_error' });
  }
  if (!response.ok) {
    // Not for the auth API itself (a wrong password is a 401 too; and no refresh loops).
    if (response.status === 401 && !path.startsWith('/console/api/auth/')) notifyUnauthenticated();
    throw await apiErrorFromResponse(response);
  }
  return response;
}

/** Sends a request and parses the JSON answer (an empty body gives undefined). */
export async function requestJson<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await sendRequest(path, options);
  const text = await response.text();
  if (text.length === 0) return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ApiError(`The server sent an answer that is not JSON (${path}).`, {
      status: response.status,
      code: 'invalid_json',
    });
  }
}
