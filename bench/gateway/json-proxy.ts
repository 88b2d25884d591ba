/**
 * The floor for a gateway that reads what it forwards: the minimal proxy plus what any gateway that
 * routes by model and meters usage must do at the least — parse the request body, set the upstream
 * model, serialize it; parse the answer, set the client's model, serialize it (with its length).
 * No auth, limits, metering or routing. `node --import tsx json-proxy.ts PORT UPSTREAM_ORIGIN`.
 */
import { runProxy } from '../support/proxy-process.ts';

runProxy(async (upstream, request, body, response) => {
  const parsed = JSON.parse(body.toString('utf8')) as { model: string };
  const model = parsed.model;
  parsed.model = 'bench';
  const { statusCode, body: upstreamBody } = await upstream.request({
    method: 'POST',
    path: request.url!,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(parsed),
  });
  const answer = (await upstreamBody.json()) as { model: string };
  answer.model = model;
  const text = JSON.stringify(answer);
  response
    .writeHead(statusCode, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
    .end(text);
});
