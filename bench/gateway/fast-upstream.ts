/**
 * The fastest upstream we can write in Node: precomputed JSON and SSE bodies, no parsing beyond
 * reading the request. Runs as its own process:
 * `node --import tsx fast-upstream.ts PORT TOKENS [DELAY_MS] [batched|separate]`.
 * Streams go out in one write (`batched`, the default: the gateway reads every part at once) or with
 * each part in its own write, one per event-loop turn (`separate`: a model server sending tokens as
 * they come, the gateway reading them one or a few at a time).
 */
import { createServer } from 'node:http';
import { serveOnLoopback } from '../support/serve-on-loopback.ts';

const port = Number(process.argv[2] ?? 0);
const tokens = Number(process.argv[3] ?? 16);
const streamDelayMs = Number(process.argv[4] ?? 0);
const chunkMode = process.argv[5] === 'separate' ? 'separate' : 'batched';

const content = Array.from({ length: tokens }, (_, index) => `w${index} `).join('');
const usage = `{"prompt_tokens":12,"completion_tokens":${tokens},"total_tokens":${12 + tokens}}`;
const json = Buffer.from(
  `{"id":"chatcmpl-bench","object":"chat.completion","created":1,"model":"bench","choices":[{"index":0,"message":{"role":"assistant","content":"${content}"},"finish_reason":"stop"}],"usage":${usage}}`,
);
const chunk = (delta: string, finish: string) =>
  `data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1,"model":"bench","choices":[{"index":0,"delta":${delta},"finish_reason":${finish}}]}\n\n`;
const streamParts = [chunk('{"role":"assistant","content":""}', 'null')];
for (let index = 0; index < tokens; index++) streamParts.push(chunk(`{"content":"w${index} "}`, 'null'));
streamParts.push(chunk('{}', '"stop"'));
const usageChunk = `data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1,"model":"bench","choices":[],"usage":${usage}}\n\n`;
const allParts = [...streamParts, usageChunk, 'data: [DONE]\n\n'];
const streamBody = Buffer.from(streamParts.join('') + usageChunk + 'data: [DONE]\n\n');

const server = createServer((request, response) => {
  const body: Buffer[] = [];
  request.on('data', (piece: Buffer) => body.push(piece));
  request.on('end', () => {
    if (request.url?.endsWith('/models')) {
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end('{"object":"list","data":[{"id":"bench","object":"model"}]}');
      return;
    }
    const text = Buffer.concat(body).toString();
    if (!text.includes('"stream":true')) {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': json.length }).end(json);
      return;
    }
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    if (streamDelayMs <= 0 && chunkMode === 'batched') {
      response.end(streamBody);
      return;
    }
    if (streamDelayMs <= 0) {
      // One write per part, each in its own turn of the event loop (its own socket write).
      let index = 0;
      const next = () => {
        if (response.destroyed) return;
        if (index === allParts.length - 1) {
          response.end(allParts[index]);
          return;
        }
        response.write(allParts[index++]);
        setImmediate(next);
      };
      next();
      return;
    }
    // Slow streams (memory benchmark): one part per delay.
    let index = 0;
    const parts = allParts;
    const timer = setInterval(() => {
      if (response.destroyed) return clearInterval(timer);
      response.write(parts[index++]);
      if (index === parts.length) {
        clearInterval(timer);
        response.end();
      }
    }, streamDelayMs);
  });
});
serveOnLoopback(server, port);
