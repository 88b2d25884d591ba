/**
 * A whole-body upstream call (non-streamed JSON answers) on undici's `dispatch` with a minimal
 * handler: no response stream object, no header parsing on success, the body gathered as
 * buffers and decoded once. Same contract as `sendUpstream` + `readText`: resolves with the body
 * of a 2xx answer; otherwise throws the ProviderError for the status (Retry-After honoured), a
 * transport ProviderError ('connect' before the headers, 'response' after), or the AbortError of
 * the caller's signal.
 */
import type { Dispatcher } from 'undici';
import type { ProviderSettings } from '../spec.ts';
import { abortError, mapTransportError } from './transport-error.ts';
import { joinUrl, statusError, upstreamHeaders, type UpstreamRequest } from './upstream-request.ts';

interface Target {
  origin: string;
  path: string;
}

const targets = new Map<string, Target>();

/** Origin and path of a base URL + endpoint path, parsed once per pair. */
function targetOf(baseUrl: string, path: string): Target {
  const key = `${baseUrl} ${path}`;
  let target = targets.get(key);
  if (!target) {
    const url = new URL(joinUrl(baseUrl, path));
    target = { origin: url.origin, path: url.pathname + url.search };
    targets.set(key, target);
  }
  return target;
}

export function requestUpstreamText(settings: ProviderSettings, call: UpstreamRequest): Promise<string> {
  const { signal } = call;
  if (signal.aborted) return Promise.reject(mapTransportError(undefined, signal, 'connect', settings.name));
  const headers = upstreamHeaders(settings, call);
  const { origin, path } = targetOf(settings.baseUrl, call.path);
  return new Promise<string>((resolve, reject) => {
    let abortCall: ((reason: Error) => void) | null = null;
    let statusCode = 0;
    let rawHeaders: Buffer[] = [];
    const chunks: Buffer[] = [];
    const onAbort = () => abortCall?.(abortError(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    const finish = () => signal.removeEventListener('abort', onAbort);
    const handler: Dispatcher.DispatchHandler = {
      onConnect(abort) {
        abortCall = abort;
        if (signal.aborted) abort(abortError(signal));
      },
      onHeaders(status, headerPairs) {
        statusCode = status;
        rawHeaders = headerPairs as Buffer[];
        return true;
      },
      onData(chunk) {
        chunks.push(chunk);
        return true;
      },
      onComplete() {
        finish();
        const text = chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8');
        if (statusCode >= 200 && statusCode < 300) resolve(text);
        else reject(statusError(settings, statusCode, text, headerRecord(rawHeaders)));
      },
      onError(error) {
        finish();
        // An error answer whose body broke off is still that error.
        if (statusCode >= 300 && !signal.aborted)
          reject(statusError(settings, statusCode, '', headerRecord(rawHeaders)));
        else reject(mapTransportError(error, signal, statusCode === 0 ? 'connect' : 'response', settings.name));
      },
    };
    settings.dispatcher.dispatch(
      {
        origin,
        path,
        method: call.method,
        headers,
        body: call.body,
        headersTimeout: call.headersTimeoutMs,
        bodyTimeout: call.bodyTimeoutMs,
      },
      handler,
    );
  });
}

/** Lower-cased header names to values, from undici's raw [name, value, …] buffers (error answers only). */
function headerRecord(raw: Buffer[]): Record<string, string> {
  const record: Record<string, string> = {};
  for (let index = 0; index + 1 < raw.length; index += 2)
    record[raw[index]!.toString('latin1').toLowerCase()] = raw[index + 1]!.toString('latin1');
  return record;
}
