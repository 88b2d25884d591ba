import type { ServerResponse } from 'node:http';
import type { SseSink } from '../inference/sse-sink.ts';

/**
 * Adapts a raw Node response to the inference core's SSE sink, with one socket write per turn of
 * the event loop: the events written in one turn (every part of one upstream read, relayed through
 * promise jobs) are joined and handed to the response once, when the turn's jobs are done (a
 * `process.nextTick` queued by the first write runs after them). The headers go out with the first
 * events. `holdUntilEnd` keeps what this turn wrote for `end()`: a stream whose last parts arrived
 * together with earlier ones leaves in a single write once it is billed — and, as nothing was sent
 * before it, with a Content-Length instead of chunked framing (the body as one Buffer: its text is
 * encoded once, where a string would be flattened for its length and again joined to the head).
 * `requestId`, when given, goes out as `x-request-id` with the headers.
 */
export function sseResponseSink(response: ServerResponse, requestId?: string): SseSink {
  return new SseResponseSink(response, requestId);
}

/** A class, not a literal of closures: one object per stream, its methods shared. */
class SseResponseSink implements SseSink {
  private clientGone = false;
  private pending = '';
  private scheduled = false;
  private held = false;
  /** The stream's headers until they are sent (with the first events, or with the whole answer). */
  private head: Record<string, string> | null = null;
  /** Bound once: `nextTick(fn, this)` would allocate an argument array per flush. */
  private readonly flushTurn = () => this.flush();

  constructor(
    private readonly response: ServerResponse,
    private readonly requestId: string | undefined,
  ) {
    // `on`, not `once`: 'close' comes once per response, and `once` adds a wrapper per stream.
    response.on('close', () => {
      if (!response.writableFinished) this.clientGone = true;
    });
  }

  open(headers: Record<string, string>): void {
    // Into the stream's own headers, not setHeader before: writeHead then stores them without merging.
    if (this.requestId !== undefined) headers['x-request-id'] = this.requestId;
    this.head = headers;
  }

  write(text: string): boolean {
    const response = this.response;
    if (this.clientGone || response.destroyed) return true;
    this.pending += text;
    if (!this.scheduled && !this.held) {
      this.scheduled = true;
      process.nextTick(this.flushTurn);
    }
    return !response.writableNeedDrain;
  }

  drain(): Promise<void> {
    this.flush();
    const response = this.response;
    if (this.clientGone || response.destroyed || !response.writableNeedDrain) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        response.off('drain', done);
        response.off('close', done);
        resolve();
      };
      response.once('drain', done);
      response.once('close', done);
    });
  }

  holdUntilEnd(): void {
    this.held = true;
  }

  end(): void {
    this.held = false;
    const text = this.pending;
    this.pending = '';
    const response = this.response;
    if (response.destroyed) return;
    const head = this.head;
    if (head !== null) {
      // Nothing sent yet: the whole answer is in hand, its length known.
      this.head = null;
      const body = Buffer.from(text);
      head['content-length'] = String(body.length);
      response.writeHead(200, head);
      response.end(body);
      return;
    }
    if (text === '') response.end();
    else response.end(text);
  }

  get closed(): boolean {
    return this.clientGone || this.response.destroyed;
  }

  /** Hands what this turn wrote to the response (the headers first, when not sent yet). */
  flush(): void {
    this.scheduled = false;
    if (this.held || this.pending === '') return;
    const text = this.pending;
    this.pending = '';
    const response = this.response;
    if (this.clientGone || response.destroyed) return;
    if (this.head !== null) {
      response.writeHead(200, this.head);
      this.head = null;
    }
    response.write(text);
  }
}
