import { createServer, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { closeIdleConnections } from './server-timeouts.ts';

let server: Server | null = null;

async function listen(idleMs: number): Promise<number> {
  server = createServer((_request, response) => response.end('ok'));
  // The request timeout is Node's: off here, so that only the idle sweep closes connections.
  server.requestTimeout = 0;
  server.headersTimeout = 0;
  closeIdleConnections(server, idleMs);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

/** Milliseconds until the server closes the connection. */
function closedAfter(socket: Socket): Promise<number> {
  const started = Date.now();
  // Read whatever comes, so that the end of the connection is seen.
  socket.resume();
  return new Promise((resolve) => socket.once('close', () => resolve(Date.now() - started)));
}

describe('closeIdleConnections', () => {
  it('closes a connection that moves no byte for the idle time, and only then', async () => {
    const port = await listen(300);
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    const ms = await closedAfter(socket);
    expect(ms).toBeGreaterThanOrEqual(250);
    expect(ms).toBeLessThan(1_500);
  });

  it('keeps a connection that keeps sending, even slowly, and closes it once it stops', async () => {
    const port = await listen(300);
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    const closed = closedAfter(socket);
    let open = true;
    void closed.then(() => (open = false));
    socket.write('POST / HTTP/1.1\r\nHost: x\r\ncontent-length: 20\r\n\r\n');
    for (let byte = 0; byte < 8; byte++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(open).toBe(true);
      socket.write('x');
    }
    const ms = await closed;
    expect(ms).toBeGreaterThan(800);
  });
});
