/**
 * Relays an OpenAI-style SSE response as StreamParts. Ends normally on `[DONE]` (or at EOF after
 * a finish_reason, for servers that omit `[DONE]`); an EOF before that is a cut stream.
 */
import { ProviderError, type ChatStream, type StreamPart } from '../spec.ts';
import { errorFromBody, errorInBody, messageOfErrorText } from '../http/error-body.ts';
import { sseEvents } from '../http/sse-events.ts';
import { contentType, readText, type UpstreamResponse } from '../http/upstream-request.ts';
import type { StreamChunkParser } from './parse-stream-chunk.ts';
import type { CancelSignal } from '../../util/cancel-signal.ts';

export async function* streamResponse(
  response: UpstreamResponse,
  parser: StreamChunkParser,
  signal: CancelSignal,
  providerName: string,
): AsyncGenerator<StreamPart, void, undefined> {
  let started = false;
  let done = false;
  const phase = (): 'stream' | 'response' => (started ? 'stream' : 'response');
  for await (const event of sseEvents(response, signal, providerName, phase, () => done)) {
    if (event.event === 'error') {
      throw errorFromBody(
        errorInBody(safeParse(event.data)) ?? { message: event.data, code: undefined, type: undefined },
        providerName,
        phase(),
      );
    }
    const data = event.data;
    if (data === '[DONE]' || data.trim() === '[DONE]') {
      done = true;
      return;
    }
    if (data.trim() === '') continue;
    const part = parser.parse(data, started);
    started = true;
    yield part;
  }
  if (parser.finished) return;
  throw new ProviderError('upstream_stream_cut', `Upstream ${providerName} ended the stream before it was complete.`, {
    upstreamStatus: 200,
    phase: 'stream',
    retryable: !started,
  });
}

/**
 * Checks a response to a streamed request before relaying it: a vendor that answers with a JSON
 * body instead of SSE (an error with HTTP 200, typically) fails here, before anything was sent.
 */
export async function openStream(
  response: UpstreamResponse,
  parser: StreamChunkParser,
  signal: CancelSignal,
  providerName: string,
): Promise<ChatStream> {
  if (contentType(response).includes('application/json')) {
    const text = await readText(response, providerName, signal);
    const info = errorInBody(safeParse(text)) ?? {
      message: `expected an event stream, got JSON: ${messageOfErrorText(text)}`,
      code: 'unexpected_response',
      type: 'server_error',
    };
    throw errorFromBody(info, providerName, 'response');
  }
  return streamResponse(response, parser, signal, providerName);
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
