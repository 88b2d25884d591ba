/**
 * CPU of the stream relay in process, without sockets: the fast upstream's stream (role, 16 tokens,
 * finish, usage, [DONE]) read by the OpenAI-compatible provider (its real stream reader, fed by an
 * in-process dispatcher that plays undici's handler calls) and relayed by `relayStream` into a
 * sink that keeps nothing. The body arrives in one piece (`batched`) or one piece per part, each in
 * its own turn of the event loop (`separate`). `node --import tsx bench/gateway/relay-cost.ts
 * [STREAMS]` prints CPU µs per stream and per relayed part (process.cpuUsage: the machine's load
 * barely moves it). It only uses the provider's public API, so the same file measures an older
 * checkout too (copy it there).
 */
import { Dispatcher } from 'undici';
import { printTable } from '../support/table.ts';
import { OpenAICompatibleProvider } from '../../src/providers/openai-compatible/openai-compatible-provider.ts';
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

const responseHeaders = [Buffer.from('content-type'), Buffer.from('text/event-stream')];

/** Plays an upstream's answer to undici's handler calls: headers, then the body's pieces, each in its own turn. */
class InProcessUpstream extends Dispatcher {
  pieces: Buffer[] = batched;

  override dispatch(_options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    const pieces = this.pieces;
    let aborted = false;
    const legacy = handler as Required<
      Pick<Dispatcher.DispatchHandler, 'onConnect' | 'onHeaders' | 'onData' | 'onComplete' | 'onError'>
    >;
    setImmediate(() => {
      legacy.onConnect((reason) => {
        if (aborted) return;
        aborted = true;
        legacy.onError(reason ?? new Error('aborted'));
      });
      if (aborted) return;
      legacy.onHeaders(200, responseHeaders, () => undefined, 'OK');
      let index = 0;
      const sendNext = () => {
        if (aborted) return;
        if (index < pieces.length) {
          legacy.onData(pieces[index++]!);
          setImmediate(sendNext);
        } else legacy.onComplete([]);
      };
      sendNext();
    });
    return true;
  }
}

const upstream = new InProcessUpstream();
const provider = new OpenAICompatibleProvider({
  name: 'bench',
  baseUrl: 'http://127.0.0.1:9/v1',
  headers: () => ({ authorization: 'Bearer bench' }),
  dispatcher: upstream,
});
const timeouts = { connectMs: 60_000, firstByteMs: 60_000, idleMs: 60_000, totalMs: 600_000 };

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

async function once(pieces: Buffer[], sink: NullSink): Promise<void> {
  const signal = new CancelSource();
  upstream.pieces = pieces;
  const stream = await provider.chatStream({
    upstreamModel: 'bench',
    body: { model: 'bench-model', messages: [{ role: 'user', content: 'hi' }], stream: true },
    signal,
    timeouts,
    requestId: 'bench',
  });
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
