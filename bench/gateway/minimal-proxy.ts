/**
 * The floor for any Node gateway: node:http in, undici pool out, bytes piped both ways, no
 * parsing. `node --import tsx minimal-proxy.ts PORT UPSTREAM_ORIGIN`.
 */
import { createServer } from 'node:http';
import { Pool } from 'undici';
import { serveOnLoopback } from '../support/serve-on-loopback.ts';

const port = Number(process.argv[2] ?? 0);
const upstream = new Pool(process.argv[3]!, { connections: 512, pipelining: 1, keepAliveTimeout: 60_000 });

const server = createServer((request, response) => {
  const body: Buffer[] = [];
  request.on('data', (piece: Buffer) => body.push(piece));
  request.on('end', () => {
    upstream
      .request({ method: 'POST', path: request.url!, headers: { 'content-type': 'application/json' }, body: Buffer.concat(body) })
      .then(({ statusCode, headers, body: upstreamBody }) => {
        response.writeHead(statusCode, { 'content-type': String(headers['content-type'] ?? 'application/json') });
        upstreamBody.on('data', (piece: Buffer) => response.write(piece));
        upstreamBody.on('end', () => response.end());
      })
      .catch(() => {
        response.writeHead(502).end();
      });
  });
});
serveOnLoopback(server, port);
