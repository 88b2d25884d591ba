import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Pool } from 'undici';
import { serveOnLoopback } from './serve-on-loopback.ts';

/** How a benchmark proxy forwards one request whose body it has read whole. */
export type Forward = (
  upstream: Pool,
  request: IncomingMessage,
  body: Buffer,
  response: ServerResponse,
) => Promise<void>;

/**
 * The process of a benchmark proxy (`node --import tsx SCRIPT PORT UPSTREAM_ORIGIN`): node:http in,
 * an undici pool to the upstream out. Each request body is gathered, then `forward` sends it on and
 * answers; a failed forward answers 502.
 */
export function runProxy(forward: Forward): void {
  const port = Number(process.argv[2] ?? 0);
  const upstream = new Pool(process.argv[3]!, { connections: 512, pipelining: 1, keepAliveTimeout: 60_000 });
  const server = createServer((request, response) => {
    const body: Buffer[] = [];
    request.on('data', (piece: Buffer) => body.push(piece));
    request.on('end', () => {
      forward(upstream, request, Buffer.concat(body), response).catch(() => {
        response.writeHead(502).end();
      });
    });
  });
  serveOnLoopback(server, port);
}
