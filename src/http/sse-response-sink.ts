import type { ServerResponse } from 'node:http';
import type { SseSink } from '../inference/sse-sink.ts';

/**
 * Adapts a raw Node response to the inference core's SSE sink, with one socket write per turn of
 * the event loop: the events written in one turn (every part of one upstream read, relayed through
 * promise jobs) are joined and handed to the response once, when the turn's jobs are done (a
 * `process.nextTick` queued by the first write runs after them). The headers go out with the first
 * events. `holdUntilEnd` keeps what this turn wrote for `end()`: a stream whose last parts arrived
 * together with earlier ones leaves in a single write once it is billed — and, as nothing was sent
 * before it, with a Content-Length instead of chunked framing (one string for the head and the body,
 * as a non-streamed answer is sent). `requestId`, when given, goes out as `x-request-id` with the
 * headers.
 */
export function sseResponseSink(response: ServerResponse, requestId?: string): SseSink {
  let closed = false;
  let pending = '';
  let scheduled = false;
  let held = false;
  /** The stream's headers until they are sent (with the first events, or with the whole answer). */
  let head: Record<string, string> | null = null;
  const flush = () => {
    scheduled = false;
    if (held || pending === '') return;
    const text = pending;
    pending = '';
    if (closed || response.destroyed) return;
    if (head !== null) {
      response.writeHead(200, head);
      head = null;
    }
    response.write(text);
  };
  response.once('close', () => {
    if (!response.writableFinished) closed = true;
  });
  return {
    open(headers) {
      // Into the stream's own headers, not setHeader before: writeHead then stores them without merging.
      if (requestId !== undefined) headers['x-request-id'] = requestId;
      head = headers;
    },
    write(text) {
      if (closed || response.destroyed) return true;
      pending += text;
      if (!scheduled && !held) {
        scheduled = true;
        process.nextTick(flush);
      }
      return !response.writableNeedDrain;
    },
    drain() {
      flush();
      if (closed || response.destroyed || !response.writableNeedDrain) return Promise.resolve();
      return new Promise((resolve) => {
        const done = () => {
          response.off('drain', done);
          response.off('close', done);
          resolve();
        };
        response.once('drain', done);
        response.once('close', done);
      });
    },
    holdUntilEnd() {
      held = true;
    },
    end() {
      held = false;
      const text = pending;
      pending = '';
      if (response.destroyed) return;
      if (head !== null) {
        // Nothing sent yet: the whole answer is in hand, its length known.
        head['content-length'] = String(Buffer.byteLength(text));
        response.writeHead(200, head);
        head = null;
      }
      if (text === '') response.end();
      else response.end(text);
    },
    get closed() {
      return closed || response.destroyed;
    },
  };
}
