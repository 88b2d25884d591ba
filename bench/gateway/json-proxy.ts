/**
 * The floor for a gateway that reads what it forwards: the minimal proxy plus what any gateway that
 * routes by model and meters usage must do at the least — parse the request body, set the upstream
 * model, serialize it; parse the answer, set the client's model, serialize it (with its length).
 * No auth, limits, metering or routing. `node --import tsx json-proxy.ts PORT UPSTREAM_ORIGIN`.
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
    const parsed = JSON.parse(Buffer.concat(body).toString('utf8')) as { model: string };
    const model = parsed.model;
    parsed.model = 'bench';
    upstream
      .request({ method: 'POST', path: request.url!, headers: { 'content-type': 'application/json' }, body: JSON.stringify(parsed) })
      .then(async ({ statusCode, body: upstreamBody }) => {
        const answer = (await upstreamBody.json()) as { model: string };
        answer.model = model;
        const text = JSON.stringify(answer);
        response.writeHead(statusCode, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
      })
      .catch(() => {
        response.writeHead(502).end();
      });
  });
});
serveOnLoopback(server, port);
