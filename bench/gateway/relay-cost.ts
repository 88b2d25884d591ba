/**
 * CPU of the stream relay in process, without sockets: the fast upstream's stream (role, 16 tokens,
 * finish, usage, [DONE]) read by the OpenAI-compatible provider (its real stream reader, fed by an
 * in-process dispatcher that plays undici's handler calls) and relayed by `relayStream` into a
 * sink that keeps nothing. The body arrives in one piece (`batched`) or one piece per part, each in
 * its own turn of the event loop (`separate`). `node --import tsx bench/gateway/relay-cost.ts
 * [--streams 10000] [--rounds 5] [DIR...]` prints CPU µs per stream and per relayed part
 * (process.cpuUsage), median of the rounds, for this checkout and each DIR (another checkout's
 * source, loaded into the same process): the builds take turns round after round, so a busy
 * machine's drift falls on all of them alike.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Dispatcher } from 'undici';
import { median } from '../support/median.ts';
import { printTable } from '../support/table.ts';
import type { OpenAICompatibleProvider } from '../../src/providers/openai-compatible/openai-compatible-provider.ts';
import type { relayStream as RelayStream } from '../../src/inference/stream-relay.ts';
import type { modelRewriter as ModelRewriter } from '../../src/inference/public-model.ts';
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
const timeouts = { connectMs: 60_000, firstByteMs: 60_000, idleMs: 60_000, totalMs: 600_000 };

/** One checkout's provider and relay, loaded from its source. */
interface Build {
  name: string;
  provider: OpenAICompatibleProvider;
  relayStream: typeof RelayStream;
  rewrite: ReturnType<typeof ModelRewriter>;
}

async function loadBuild(root: string): Promise<Build> {
  const providerModule = (await import(
    path.join(root, 'src/providers/openai-compatible/openai-compatible-provider.ts')
  )) as typeof import('../../src/providers/openai-compatible/openai-compatible-provider.ts');
  const relayModule = (await import(
    path.join(root, 'src/inference/stream-relay.ts')
  )) as typeof import('../../src/inference/stream-relay.ts');
  const modelModule = (await import(
    path.join(root, 'src/inference/public-model.ts')
  )) as typeof import('../../src/inference/public-model.ts');
  return {
    name: path.basename(root),
    provider: new providerModule.OpenAICompatibleProvider({
      name: 'bench',
      baseUrl: 'http://127.0.0.1:9/v1',
      headers: () => ({ authorization: 'Bearer bench' }),
      dispatcher: upstream,
    }),
    relayStream: relayModule.relayStream,
    rewrite: modelModule.modelRewriter('bench', 'bench-model'),
  };
}

class NullSink implements SseSink {
  bytes = 0;
  writes = 0;
  closed = false;
  open(): void {}
  write(text: string): boolean {
    // Encoded as the response sink's write encodes it (a joined string is flattened here, once).
    this.bytes += Buffer.byteLength(text);
    this.writes++;
    return true;
  }
  async drain(): Promise<void> {}
  end(): void {}
}

async function once(build: Build, pieces: Buffer[], sink: NullSink): Promise<void> {
  const signal = new CancelSource();
  upstream.pieces = pieces;
  const stream = await build.provider.chatStream({
    upstreamModel: 'bench',
    body: { model: 'bench-model', messages: [{ role: 'user', content: 'hi' }], stream: true },
    signal,
    timeouts,
    requestId: 'bench',
  });
  const iterator = stream[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) throw new Error('empty stream');
  await build.relayStream(
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
      publicModel: 'bench-model',
      rewrite: build.rewrite,
    },
    sink,
  );
}

/** CPU µs per stream over `count` streams, after a warm-up. */
export async function relayCost(build: Build, pieces: Buffer[], count: number, warmUp = 2_000): Promise<number> {
  const sink = new NullSink();
  for (let index = 0; index < warmUp; index++) await once(build, pieces, sink);
  const before = process.cpuUsage();
  for (let index = 0; index < count; index++) await once(build, pieces, sink);
  const used = process.cpuUsage(before);
  return (used.user + used.system) / count;
}

/**
 * Prints CPU µs per stream and per part of the relay in process, for both kinds of upstream writes
 * and every build (this checkout first), median of interleaved rounds.
 */
export async function printRelayCost(count: number, rounds = 5, others: string[] = []): Promise<void> {
  const builds = [await loadBuild(path.resolve(import.meta.dirname, '../..'))];
  for (const other of others) builds.push(await loadBuild(path.resolve(other)));
  const modes = [
    ['batched', batched],
    ['separate', separate],
  ] as const;
  const samples = new Map<string, number[]>();
  for (const build of builds) for (const [mode, pieces] of modes) await relayCost(build, pieces, 500);
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? builds : [...builds].reverse();
    for (const build of order)
      for (const [mode, pieces] of modes) {
        const key = `${build.name}\u0000${mode}`;
        samples.set(key, [...(samples.get(key) ?? []), await relayCost(build, pieces, count, 200)]);
      }
  }
  const rows = [];
  for (const build of builds)
    for (const [mode] of modes) {
      const perStream = median(samples.get(`${build.name}\u0000${mode}`)!);
      rows.push([build.name, mode, perStream, perStream / (parts.length - 1)]);
    }
  printTable(
    `Stream relay in process (${count} streams × ${rounds} rounds each, ${parts.length - 1} parts + [DONE]; median)`,
    ['build', 'upstream writes', 'CPU µs/stream', 'CPU µs/part'],
    rows,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { streams: { type: 'string', default: '10000' }, rounds: { type: 'string', default: '5' } },
  });
  await printRelayCost(Number(values.streams), Number(values.rounds), positionals);
}
