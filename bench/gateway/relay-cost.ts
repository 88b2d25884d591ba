/**
 * CPU of the stream relay in process, without sockets: the fast upstream's stream (role, 16 tokens,
 * finish, usage, [DONE]) read by the OpenAI-compatible provider's stream reader and relayed by
 * `relayStream` into a sink that keeps nothing. The body arrives in one piece (`batched`) or one
 * piece per part (`separate`). `node --import tsx bench/gateway/relay-cost.ts [STREAMS]` prints CPU
 * µs per stream and per relayed part (process.cpuUsage: the machine's load barely moves it).
 */
import { Readable } from 'node:stream';
import { printTable } from '../support/table.ts';
import { StreamChunkParser } from '../../src/providers/openai-compatible/parse-stream-chunk.ts';
import { resolveQuirks } from '../../src/providers/openai-compatible/quirks.ts';
import { openStream } from '../../src/providers/openai-compatible/stream-response.ts';
import type { UpstreamResponse } from '../../src/providers/http/upstream-request.ts';
import { relayStream } from '../../src/inference/stream-relay.ts';
import type { SseSink } from '../../src/inference/sse-sink.ts';
import { CancelSource } from '../../src/util/cancel-signal.ts';

const tokens = 16;
const usage = `{"prompt_tokens":12,"completion_tokens":${tokens},"total_tokens":${12 + tokens}}`;
const chunk = (delta: string, finish: string) =>
  `data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1,"model":"bench","choices":[{"index":0,"delta":${delta},"finish_reason":${finish}}]}\n\n`;
const parts = [chunk('{"role":"assistant","content":""}', 'null')];
for (let index = 0; index < tokens; index++) parts.push(chunk(`{"content":"w${index} "}`, 'null'));
parts.push(chunk('{}', '"stop"'));
parts.push(
  `data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1,"model":"bench","choices":[],"usage":${usage}}\n\n`,
);
parts.push('data: [DONE]\n\n');
const batched = [Buffer.from(parts.join(''))];
const separate = parts.map((part) => Buffer.from(part));

function response(pieces: Buffer[]): UpstreamResponse {
  const body = Readable.from(pieces, { objectMode: false }) as Readable & { dump(): Promise<void> };
  body.dump = async () => {
    body.destroy();
  };
  return {
    statusCode: 200,
    headers: { 'content-type': 'text/event-stream' },
    body,
  } as unknown as UpstreamResponse;
}

class NullSink implements SseSink {
  bytes = 0;
  writes = 0;
  closed = false;
  open(): void {}
  write(text: string): boolean {
    this.bytes += text.length;
    this.writes++;
    return true;
  }
  async drain(): Promise<void> {}
  end(): void {}
}

const quirks = resolveQuirks();

async function once(pieces: Buffer[], sink: NullSink): Promise<void> {
  const signal = new CancelSource();
  const parser = new StreamChunkParser(quirks, 'bench', 1, true);
  const stream = await openStream(response(pieces), parser, signal, 'bench');
  const iterator = stream[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) throw new Error('empty stream');
  await relayStream(
    {
      endpoint: 'chat',
      body: { model: 'bench-model', messages: [] },
      first: first.value,
      iterator,
      headers: {},
      clientWantsUsage: false,
      idleMs: 60_000,
      deadline: Date.now() + 600_000,
      totalMs: 600_000,
      abortUpstream: () => signal.abort(),
      finish: async () => undefined,
      chunkIdentity: { id: 'chatcmpl-bench', created: 1, model: 'bench-model', object: 'chat.completion.chunk' },
      rewrite: (data) => data.replace('"model":"bench"', '"model":"bench-model"'),
    },
    sink,
  );
}

/** CPU µs per stream over `count` streams, after a warm-up. */
export async function relayCost(pieces: Buffer[], count: number): Promise<number> {
  const sink = new NullSink();
  for (let index = 0; index < 2_000; index++) await once(pieces, sink);
  const before = process.cpuUsage();
  for (let index = 0; index < count; index++) await once(pieces, sink);
  const used = process.cpuUsage(before);
  return (used.user + used.system) / count;
}

/** Prints CPU µs per stream and per part of the relay in process, for both kinds of upstream writes. */
export async function printRelayCost(count: number): Promise<void> {
  const rows = [];
  for (const [mode, pieces] of [
    ['batched', batched],
    ['separate', separate],
  ] as const) {
    const perStream = await relayCost(pieces, count);
    rows.push([mode, perStream, perStream / (parts.length - 1)]);
  }
  printTable(
    `Stream relay in process (${count} streams each, ${parts.length - 1} parts + [DONE])`,
    ['upstream writes', 'CPU µs/stream', 'CPU µs/part'],
    rows,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await printRelayCost(Number(process.argv[2] ?? 20_000));
