import type { ServerResponse } from 'node:http';
import type { SseSink } from '../inference/sse-sink.ts';

/** Adapts a raw Node response to the inference core's SSE sink. */
export function sseResponseSink(response: ServerResponse): SseSink {
  let closed = false;
  response.once('close', () => {
    if (!response.writableFinished) closed = true;
  });
  return {
    open(headers) {
      response.writeHead(200, headers);
      response.flushHeaders();
    },
    write(text) {
      if (closed || response.destroyed) return true;
      return response.write(text);
    },
    drain() {
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
    end() {
      if (!response.destroyed) response.end();
    },
    get closed() {
      return closed || response.destroyed;
    },
  };
}
