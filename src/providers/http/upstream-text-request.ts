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
import { headerRecord, targetOf } from './upstream-event-stream.ts';
import { statusError, upstreamHeaders, type UpstreamRequest } from './upstream-request.ts';

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
