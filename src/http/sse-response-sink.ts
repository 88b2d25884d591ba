import type { ServerResponse } from 'node:http';
import type { SseSink } from '../inference/sse-sink.ts';

/**
 * Adapts a raw Node response to the inference core's SSE sink. The first write (the headers and
 * the first event, which Node sends together) goes out at once: that is the time to first byte.
 * Later writes made in the same tick (several events from one upstream packet) are corked into one
 * socket write.
 */
export function sseResponseSink(response: ServerResponse): SseSink {
  let closed = false;
  let corked = false;
  let first = true;
  const uncork = () => {
    corked = false;
    response.uncork();
  };
  response.once('close', () => {
    if (!response.writableFinished) closed = true;
  });
  return {
    open(headers) {
      response.writeHead(200, headers);
    },
    write(text) {
      if (closed || response.destroyed) return true;
      if (first) {
        first = false;
        const written = response.write(text);
        // Node corks the socket for a chunked write until the next tick, which only comes once the
        // rest of an already-received upstream packet has been relayed: send the first event now.
        if (response.socket?.writableCorked) response.socket.uncork();
        return written;
      }
      if (!corked) {
        corked = true;
        response.cork();
        process.nextTick(uncork);
      }
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
