/**
 * The floor for any Node gateway: node:http in, undici pool out, bytes piped both ways, no
 * parsing. `node --import tsx minimal-proxy.ts PORT UPSTREAM_ORIGIN`.
 */
import { runProxy } from '../support/proxy-process.ts';

runProxy(async (upstream, request, body, response) => {
  const {
    statusCode,
    headers,
    body: upstreamBody,
  } = await upstream.request({
    method: 'POST',
    path: request.url!,
    headers: { 'content-type': 'application/json' },
    body,
  });
  response.writeHead(statusCode, { 'content-type': String(headers['content-type'] ?? 'application/json') });
  upstreamBody.on('data', (piece: Buffer) => response.write(piece));
  upstreamBody.on('end', () => response.end());
});
