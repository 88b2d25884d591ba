/**
 * Iterates the SSE events of a streamed upstream response. Transport failures mid-body become
 * ProviderErrors (phase from `phaseNow()`), an abort by the caller's signal an AbortError.
 * Leaving early (break / return / throw in the consumer) destroys the body so the upstream stops
 * generating and the connection is released; leaving after a proper end drains what is left.
 */
import type { FailurePhase } from '../spec.ts';
import { SseDecoder, type SseEvent } from '../sse-decoder.ts';
import { mapTransportError } from './transport-error.ts';
import type { UpstreamResponse } from './upstream-request.ts';
import type { CancelSignal } from '../../util/cancel-signal.ts';

export async function* sseEvents(
  response: UpstreamResponse,
  signal: CancelSignal,
  providerName: string,
  phaseNow: () => FailurePhase,
  /** True once the stream ended properly (e.g. `[DONE]` seen): the rest is drained, keeping the connection. */
  completed: () => boolean = () => false,
): AsyncGenerator<SseEvent, void, undefined> {
  const body = response.body;
  const decoder = new SseDecoder();
  let ended = false;
  try {
    const iterator = body[Symbol.asyncIterator]();
    while (true) {
      let next: IteratorResult<Buffer>;
      try {
        next = await iterator.next();
      } catch (error) {
        throw mapTransportError(error, signal, phaseNow(), providerName);
      }
      if (next.done) break;
      for (const event of decoder.push(next.value)) yield event;
    }
    ended = true;
    for (const event of decoder.end()) yield event;
  } finally {
    if (!ended && !body.destroyed) {
      if (completed()) body.dump({ limit: 64 * 1024 }).catch(() => undefined);
      else body.destroy();
    }
  }
}
