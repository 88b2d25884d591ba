import { createServer, request, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { SseSink } from '../inference/sse-sink.ts';
import { sseResponseSink } from './sse-response-sink.ts';

/** Socket writes (each a write system call) the response made, counted at the socket. */
function countSocketWrites(response: ServerResponse): { count: number } {
  const socket = response.socket as Socket & {
    _write: (...args: unknown[]) => void;
    _writev: (...args: unknown[]) => void;
  };
  const counted = { count: 0 };
  for (const method of ['_write', '_writev'] as const) {
    const original = socket[method].bind(socket);
    socket[method] = (...args: unknown[]) => {
      counted.count++;
      original(...args);
    };
  }
  return counted;
}

const servers: Array<ReturnType<typeof createServer>> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** Serves one request with `script`, returns the body the client received and the socket writes. */
async function serve(
  script: (sink: SseSink) => Promise<void>,
  requestId?: string,
): Promise<{ body: string; writes: number; headers: Record<string, unknown> }> {
  let writes = { count: 0 };
  let headers: Record<string, unknown> = {};
  const server = createServer((_request, response) => {
    writes = countSocketWrites(response);
    const sink = sseResponseSink(response, requestId);
    sink.open({ 'content-type': 'text/event-stream' });
    void script(sink);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const body = await new Promise<string>((resolve, reject) => {
    request({ port, host: '127.0.0.1', method: 'POST', path: '/' }, (response) => {
      headers = response.headers;
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (piece: string) => (text += piece));
      response.on('end', () => resolve(text));
    })
      .on('error', reject)
      .end();
  });
  return { body, writes: writes.count, headers };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('sseResponseSink', () => {
  it('sends the request id with the stream headers', async () => {
    const { headers, body } = await serve(async (sink) => {
      sink.write('data: [DONE]\n\n');
      sink.end();
    }, 'req-42');
    expect(headers['x-request-id']).toBe('req-42');
    expect(headers['content-type']).toBe('text/event-stream');
    expect(body).toBe('data: [DONE]\n\n');
  });

  it('sends the events of one turn in one socket write, the headers with the first', async () => {
    const { body, writes } = await serve(async (sink) => {
      for (let index = 0; index < 5; index++) sink.write(`data: ${index}\n\n`);
      await turn();
      sink.write('data: 5\n\n');
      await turn();
      sink.write('data: [DONE]\n\n');
      sink.end();
    });
    expect(body).toBe('data: 0\n\ndata: 1\n\ndata: 2\n\ndata: 3\n\ndata: 4\n\ndata: 5\n\ndata: [DONE]\n\n');
    // headers + 5 events; 1 event; the last event with the end of the body.
    expect(writes).toBe(3);
  });

  it('keeps what a turn wrote for end() once told the stream is ending: one write for the whole answer', async () => {
    const { body, writes } = await serve(async (sink) => {
      sink.write('data: 0\n\n');
      sink.write('data: 1\n\n');
      sink.holdUntilEnd!();
      // The billing commit takes a few turns; nothing goes out meanwhile.
      await turn();
      await turn();
      sink.write('data: 2\n\ndata: [DONE]\n\n');
      sink.end();
    });
    expect(body).toBe('data: 0\n\ndata: 1\n\ndata: 2\n\ndata: [DONE]\n\n');
    expect(writes).toBe(1);
  });

  it('sends an answer held whole until the end with its length, not chunked', async () => {
    const { body, headers } = await serve(async (sink) => {
      sink.write('data: {"a":"汉字"}\n\n');
      sink.holdUntilEnd!();
      await turn();
      sink.write('data: [DONE]\n\n');
      sink.end();
    }, 'req-7');
    expect(body).toBe('data: {"a":"汉字"}\n\ndata: [DONE]\n\n');
    expect(headers['content-length']).toBe(String(Buffer.byteLength(body)));
    expect(headers['transfer-encoding']).toBeUndefined();
    expect(headers['x-request-id']).toBe('req-7');
  });

  it('streams chunked once events went out before the end', async () => {
    const { body, headers } = await serve(async (sink) => {
      sink.write('data: 0\n\n');
      await turn();
      sink.write('data: [DONE]\n\n');
      sink.end();
    });
    expect(body).toBe('data: 0\n\ndata: [DONE]\n\n');
    expect(headers['transfer-encoding']).toBe('chunked');
    expect(headers['content-length']).toBeUndefined();
  });

  it('flushes before waiting for the client to drain, and reports a closed client', async () => {
    let sawClosed = false;
    const { body } = await serve(async (sink) => {
      sink.write('data: a\n\n');
      await sink.drain();
      expect(sink.closed).toBe(false);
      sink.end();
      sawClosed = sink.closed;
    });
    expect(body).toBe('data: a\n\n');
    expect(sawClosed).toBe(false);
  });
});
