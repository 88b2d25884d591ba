import { describe, expect, it } from 'vitest';
import type { ReadyParts, StreamPart } from '../spec.ts';
import { testCall } from '../testing/fixture-server.ts';
import { OpenAICompatibleProvider } from '../openai-compatible/openai-compatible-provider.ts';
import { useFixtureServer } from '../testing/use-fixture-server.ts';
import { cachedTargetCount, targetOf, TARGETS_KEPT } from './upstream-event-stream.ts';

const { server, settings: upstreamSettings } = useFixtureServer();

function provider(): OpenAICompatibleProvider {
  const settings = upstreamSettings(server.url, {});
  return new OpenAICompatibleProvider(settings);
}

const chat = { model: 'client-model', messages: [{ role: 'user', content: 'hi' }], stream: true };
const chunk = (index: number, finish: string | null = null) =>
  `data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"w${index} "},"finish_reason":${finish === null ? 'null' : `"${finish}"`}}]}\n\n`;
const usage =
  'data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[],"usage":{"prompt_tokens":3,"completion_tokens":20,"total_tokens":23}}\n\n';

function body(count: number): string {
  let text = '';
  for (let index = 0; index < count; index++) text += chunk(index, index === count - 1 ? 'stop' : null);
  return `${text}${usage}data: [DONE]\n\n`;
}

type Iterator = AsyncIterator<StreamPart> & ReadyParts;

/** Reads a stream as the relay does: one await, then every part already in hand without one. */
async function readInTurns(iterator: Iterator): Promise<{ parts: StreamPart[]; awaits: number }> {
  const parts: StreamPart[] = [];
  let awaits = 0;
  while (true) {
    const ready = iterator.takeReady();
    if (ready) {
      parts.push(ready);
      continue;
    }
    awaits++;
    const next = await iterator.next();
    if (next.done) return { parts, awaits };
    parts.push(next.value);
  }
}

describe('upstream event stream (dispatch-based reader)', () => {
  it('hands out every part of one received buffer without a promise each, in order, usage included', async () => {
    server.reply((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.end(body(20));
    });
    const stream = await provider().chatStream(testCall(chat));
    const iterator = stream[Symbol.asyncIterator]() as Iterator;
    const { parts, awaits } = await readInTurns(iterator);
    expect(parts).toHaveLength(21);
    expect(parts.map((part) => JSON.parse(part.data).choices[0]?.delta.content ?? '').join('')).toBe(
      Array.from({ length: 20 }, (_, index) => `w${index} `).join(''),
    );
    expect(parts[19]!.finishReason).toBe('stop');
    expect(parts[20]!.usage).toEqual({ promptTokens: 3, completionTokens: 20, cachedTokens: 0, reasoningTokens: 0 });
    expect(parts[20]!.usageOnly).toBe(true);
    // The whole body came in one or very few reads: far fewer awaits than parts.
    expect(awaits).toBeLessThan(5);
  });

  it('gives the same parts through next() alone as through takeReady', async () => {
    const text = body(12);
    server.reply((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.end(text);
    });
    server.reply((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      // Cut anywhere, even inside a line, in several writes.
      let offset = 0;
      const next = () => {
        if (offset >= text.length) return void response.end();
        response.write(text.slice(offset, offset + 37));
        offset += 37;
        setImmediate(next);
      };
      next();
    });
    const batched = await provider().chatStream(testCall(chat));
    const viaReady = (await readInTurns(batched[Symbol.asyncIterator]() as Iterator)).parts;
    const pieces = await provider().chatStream(testCall(chat));
    const viaNext: StreamPart[] = [];
    for await (const part of pieces) viaNext.push(part);
    expect(viaNext).toEqual(viaReady);
  });

  it('keeps the connection after [DONE] for the next stream', async () => {
    const sockets = new Set<unknown>();
    for (let index = 0; index < 2; index++)
      server.reply((request, response) => {
        sockets.add(request.socket);
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        response.end(body(3));
      });
    const upstream = provider();
    for (let index = 0; index < 2; index++) {
      const stream = await upstream.chatStream(testCall(chat));
      const iterator = stream[Symbol.asyncIterator]() as Iterator;
      expect((await readInTurns(iterator)).parts).toHaveLength(4);
      await iterator.return?.();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(sockets.size).toBe(1);
  });

  it('pauses the upstream while many parts wait, and loses none', async () => {
    server.reply((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.end(body(3_000));
    });
    const stream = await provider().chatStream(testCall(chat));
    const iterator = stream[Symbol.asyncIterator]() as Iterator;
    const parts: StreamPart[] = [];
    // A slow consumer: one part per timer turn for the first few, then everything.
    for (let index = 0; index < 5; index++) {
      const next = await iterator.next();
      parts.push(next.value as StreamPart);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    parts.push(...(await readInTurns(iterator)).parts);
    expect(parts).toHaveLength(3_001);
    expect(JSON.parse(parts[2_999]!.data).choices[0].delta.content).toBe('w2999 ');
  });

  it('fails with the error event after the parts received before it', async () => {
    server.reply((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.end(
        `${chunk(0)}${chunk(1)}event: error\ndata: {"error":{"message":"overloaded","type":"server_error"}}\n\n`,
      );
    });
    const stream = await provider().chatStream(testCall(chat));
    const iterator = stream[Symbol.asyncIterator]() as Iterator;
    const parts: StreamPart[] = [];
    const error = await (async () => {
      while (true) {
        const next = iterator.takeReady() ?? (await iterator.next()).value;
        if (!next) return undefined;
        parts.push(next);
      }
    })().catch((thrown: unknown) => thrown);
    expect(parts).toHaveLength(2);
    expect((error as Error).message).toContain('overloaded');
  });

  it('tells when the proper end is already in hand, never before the last part nor after a failure', async () => {
    server.reply((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.end(body(3));
    });
    server.reply((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.end(`${chunk(0)}event: error\ndata: {"error":{"message":"overloaded","type":"server_error"}}\n\n`);
    });
    const whole = (await provider().chatStream(testCall(chat)))[Symbol.asyncIterator]() as Iterator;
    const first = await whole.next();
    expect(first.done).toBe(false);
    let taken = 1;
    while (!whole.ended()) {
      const next = whole.takeReady() ?? (await whole.next()).value;
      if (next) taken++;
    }
    // Three chunks and the usage chunk, then [DONE]: ended only once all four were taken.
    expect(taken).toBe(4);
    expect(await whole.next()).toEqual({ done: true, value: undefined });

    const failing = (await provider().chatStream(testCall(chat)))[Symbol.asyncIterator]() as Iterator;
    expect((await failing.next()).done).toBe(false);
    expect(failing.ended()).toBe(false);
    await expect(failing.next()).rejects.toThrow('overloaded');
    expect(failing.ended()).toBe(false);
  });

  it('parses each base URL and path once, and keeps a bounded number of them', () => {
    expect(targetOf('http://upstream.test:8000/v1/', '/chat/completions?x=1')).toEqual({
      origin: 'http://upstream.test:8000',
      path: '/v1/chat/completions?x=1',
    });
    for (let index = 0; index < 3 * TARGETS_KEPT; index++) {
      const target = targetOf(`http://host-${index}.test/v1`, '/chat/completions');
      expect(target.origin).toBe(`http://host-${index}.test`);
      expect(cachedTargetCount()).toBeLessThanOrEqual(TARGETS_KEPT);
    }
    expect(targetOf('http://upstream.test:8000/v1/', '/chat/completions?x=1').path).toBe('/v1/chat/completions?x=1');
  });
});
