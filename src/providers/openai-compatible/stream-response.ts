/**
 * Reads an OpenAI-style SSE response as StreamParts. Ends normally on `[DONE]` (or at EOF after
 * a finish_reason, for servers that omit `[DONE]`); an EOF before that is a cut stream. A vendor
 * that answers with a JSON body instead of SSE (an error with HTTP 200, typically) fails before
 * anything was relayed.
 */
import { ProviderError, type StreamPart } from '../spec.ts';
import { errorFromBody, errorInBody, messageOfErrorText } from '../http/error-body.ts';
import type { EventReader } from '../http/upstream-event-stream.ts';
import type { StreamChunkParser } from './parse-stream-chunk.ts';

export class OpenAIEventReader implements EventReader {
  /** A part was read: failures are mid-stream from now on. */
  private started = false;

  constructor(
    private readonly parser: StreamChunkParser,
    private readonly providerName: string,
  ) {}

  read(event: string | undefined, data: string, parts: StreamPart[]): boolean {
    if (event === 'error') {
      throw errorFromBody(
        errorInBody(safeParse(data)) ?? { message: data, code: undefined, type: undefined },
        this.providerName,
        this.started ? 'stream' : 'response',
      );
    }
    if (data === '[DONE]') return true;
    // A chunk starts with `{`; anything else is checked for `[DONE]` or blank with spaces around.
    if (data.charCodeAt(0) !== 123) {
      const trimmed = data.trim();
      if (trimmed === '[DONE]') return true;
      if (trimmed === '') return false;
    }
    parts.push(this.parser.parse(data, this.started));
    this.started = true;
    return false;
  }

  endOfBody(): Error | undefined {
    if (this.parser.finished) return undefined;
    return new ProviderError(
      'upstream_stream_cut',
      `Upstream ${this.providerName} ended the stream before it was complete.`,
      {
        upstreamStatus: 200,
        phase: 'stream',
        retryable: !this.started,
      },
    );
  }

  jsonAnswer(text: string): Error {
    const info = errorInBody(safeParse(text)) ?? {
      message: `expected an event stream, got JSON: ${messageOfErrorText(text)}`,
      code: 'unexpected_response',
      type: 'server_error',
    };
    return errorFromBody(info, this.providerName, 'response');
  }
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
