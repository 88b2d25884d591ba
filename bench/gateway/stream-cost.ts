/**
 * CPU per request and per relayed chunk, side by side, in interleaved windows:
 * `node --import tsx bench/gateway/stream-cost.ts [--rounds 3] [--duration 3] [--connections 32]
 *  [--samples 200] [--warmup 6] [--syscalls] DIR...` (DIRs: other built checkouts to run beside this one).
 *
 * Cells at the loaded connection count: non-streamed chat (minimal proxy, JSON-reading proxy, each
 * Kaiyuan) and streamed chat from two upstreams — one that writes the whole stream at once
 * (`batched`) and one that writes each part in its own write (`separate`). CPU µs per request comes
 * from /proc (the target's process, user + system); CPU per chunk divides a streamed request's CPU
 * by the parts it relays. At one connection, the latency cells: the upstream direct, the minimal
 * proxy and each Kaiyuan, plain and streamed; p50/p99 from the client, and p50/p99 inside the
 * server (request event → last byte, `bench/support/server-timing.mjs`). `--syscalls` adds one
 * window per cell under `strace -c`: system calls per request by kind (windows without strace give
 * the CPU figures). Every cell is first warmed up for `--warmup` seconds in 2-s slices taken in
 * turn (as compare-builds.ts does): the JIT needs ~10 s of load, and a target left idle long after
 * its warm-up measures worse.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { load, type LoadResult } from '../support/load.ts';
import { cpuMilliseconds, startScript, stopProcess } from '../support/processes.ts';
import { medianOfWindows } from '../support/median.ts';
import { printTable } from '../support/table.ts';
import { startKaiyuan } from './kaiyuan-target.ts';
import { emptyStreamSamples, percentile, sampleStreams } from './stream-timing.ts';
import { chatBody } from '../support/chat-body.ts';
import { loadAverages } from '../support/load-average.ts';

const here = import.meta.dirname;
const root = path.resolve(here, '../..');
const timingModule = path.resolve(here, '../support/server-timing.mjs');
/** Parts of a streamed answer of the fast upstream: role, 16 tokens, finish, usage, [DONE]. */
export const TOKENS = 16;
export const STREAM_PARTS = TOKENS + 4;

export interface StreamCostOptions {
  rounds: number;
  durationSeconds: number;
  connections: number;
  /** Requests per target and mode at one connection (latency cells). */
  samples: number;
  syscalls: boolean;
  /** Other built checkouts, run beside this one. */
  builds: string[];
  /** Seconds of load each loaded cell gets before the measured windows, in 2-s slices taken in turn. */
  warmupSeconds: number;
}

interface Target {
  name: string;
  url: string;
  pid: number;
  headers: Record<string, string>;
  /** Model for plain requests and batched streams; model for separate-write streams. */
  model: string;
  separateModel?: string;
  /** A proxy with one upstream only: its separate-write twin. */
  separateUrl?: string;
  separatePid?: number;
  kind: 'direct' | 'proxy' | 'json' | 'kaiyuan';
}

interface Cell {
  cell: string;
  target: Target;
  url: string;
  pid: number;
  model: string;
  stream: boolean;
  connections: number;
}

export interface CellResult extends LoadResult {
  cpuMicrosecondsPerRequest: number;
  serverP50Ms: number;
  serverP99Ms: number;
  syscallsPerRequest?: Record<string, number>;
}

export async function runStreamCost(options: StreamCostOptions): Promise<Record<string, Record<string, CellResult>>> {
  const timingDir = mkdtempSync(path.join(tmpdir(), 'kaiyuan-timing-'));
  const timed = { KAIYUAN_BENCH_TIMING_DIR: timingDir, NODE_OPTIONS: `--import=${timingModule}` };
  const tokens = String(TOKENS);
  const batched = await startScript(path.join(here, 'fast-upstream.ts'), ['0', tokens, '0', 'batched'], timed);
  const separate = await startScript(path.join(here, 'fast-upstream.ts'), ['0', tokens, '0', 'separate'], timed);
  const origin = (port: number) => `http://127.0.0.1:${port}`;
  const proxy = await startScript(path.join(here, 'minimal-proxy.ts'), ['0', origin(batched.port)], timed);
  const proxySeparate = await startScript(path.join(here, 'minimal-proxy.ts'), ['0', origin(separate.port)], timed);
  const jsonProxy = await startScript(path.join(here, 'json-proxy.ts'), ['0', origin(batched.port)], timed);
  const builds = [root, ...options.builds.map((directory) => path.resolve(directory))];
  const kaiyuans = [];
  for (const build of builds) {
    // `bench-model` goes to the batched upstream, `bench-slow` to the separate-write one.
    kaiyuans.push(
      await startKaiyuan(
        batched.port,
        separate.port,
        [`--import=${timingModule}`],
        path.join(build, 'bin/kaiyuan.js'),
        { KAIYUAN_BENCH_TIMING_DIR: timingDir },
      ),
    );
  }
  const direct: Target = {
    name: '1 upstream direct',
    url: origin(batched.port),
    pid: batched.process.pid!,
    headers: {},
    model: 'bench',
    separateUrl: origin(separate.port),
    separatePid: separate.process.pid!,
    kind: 'direct',
  };
  const targets: Target[] = [
    direct,
    {
      name: '2 minimal proxy',
      url: origin(proxy.port),
      pid: proxy.process.pid!,
      headers: {},
      model: 'bench',
      separateUrl: origin(proxySeparate.port),
      separatePid: proxySeparate.process.pid!,
      kind: 'proxy',
    },
    {
      name: '2b JSON-reading proxy',
      url: origin(jsonProxy.port),
      pid: jsonProxy.process.pid!,
      headers: {},
      model: 'bench-model',
      kind: 'json',
    },
    ...kaiyuans.map((kaiyuan, index): Target => ({
      name: index === 0 ? '3 kaiyuan (this checkout)' : `3.${index} kaiyuan ${path.basename(builds[index]!)}`,
      url: kaiyuan.url,
      pid: kaiyuan.process.pid!,
      headers: { authorization: `Bearer ${kaiyuan.apiKey}` },
      model: 'bench-model',
      separateModel: 'bench-slow',
      kind: 'kaiyuan',
    })),
  ];
  const loaded = options.connections;
  const cells: Cell[] = [];
  const add = (cell: string, target: Target, stream: boolean, connections: number, separateWrites = false) =>
    cells.push({
      cell,
      target,
      connections,
      stream,
      url: separateWrites && target.separateUrl ? target.separateUrl : target.url,
      pid: separateWrites && target.separatePid ? target.separatePid : target.pid,
      model: separateWrites && target.separateModel ? target.separateModel : target.model,
    });
  for (const target of targets) {
    if (target.kind === 'direct') continue;
    add(`plain, ${loaded} conn`, target, false, loaded);
    if (target.kind === 'json') continue;
    add(`streamed batched, ${loaded} conn`, target, true, loaded);
    add(`streamed separate, ${loaded} conn`, target, true, loaded, true);
  }
  const latencyCells: Cell[] = [];
  for (const target of targets) {
    if (target.kind === 'json') continue;
    for (const stream of [false, true]) {
      const before = cells.length;
      add(stream ? 'streamed, 1 conn' : 'plain, 1 conn', target, stream, 1);
      latencyCells.push(...cells.splice(before));
    }
  }
  const results: Record<string, Record<string, CellResult>> = {};
  try {
    for (let slice = 0; slice < Math.max(1, Math.ceil(options.warmupSeconds / 2)); slice++)
      for (const cell of cells) await window(cell, 2, timingDir, false);
    for (const group of [cells, latencyCells]) {
      const windows = new Map<Cell, CellResult[]>(group.map((cell) => [cell, []]));
      for (let round = 0; round < options.rounds; round++) {
        for (const cell of round % 2 === 0 ? group : [...group].reverse()) {
          windows
            .get(cell)!
            .push(
              cell.connections === 1
                ? await sequential(cell, Math.ceil(options.samples / options.rounds), timingDir)
                : await window(cell, options.durationSeconds, timingDir, false),
            );
        }
      }
      for (const [cell, measured] of windows) (results[cell.cell] ??= {})[cell.target.name] = medianCell(measured);
      if (options.syscalls && group === cells && straceAvailable()) {
        for (const cell of group) {
          results[cell.cell]![cell.target.name]!.syscallsPerRequest = (
            await window(cell, options.durationSeconds, timingDir, true)
          ).syscallsPerRequest;
        }
      }
    }
  } finally {
    for (const kaiyuan of kaiyuans) await stopProcess(kaiyuan.process);
    for (const started of [proxy, proxySeparate, jsonProxy, batched, separate]) await started.stop();
    rmSync(timingDir, { recursive: true, force: true });
  }
  report(options, results);
  const directory = path.resolve(here, '../results');
  mkdirSync(directory, { recursive: true });
  const file = path.join(directory, `stream-cost-${new Date().toISOString().replaceAll(':', '-')}.json`);
  const load = loadAverages();
  writeFileSync(file, JSON.stringify({ load, options, results }, null, 2));
  process.stdout.write(`load average at the end (1, 5, 15 min): ${load}\nresults: ${file}\n`);
  return results;
}

async function window(cell: Cell, seconds: number, timingDir: string, syscalls: boolean): Promise<CellResult> {
  await serverSamples(cell.pid, timingDir);
  const tracer = syscalls ? await startStrace(cell.pid) : null;
  const cpuBefore = cpuMilliseconds(cell.pid);
  const result = await load({
    url: `${cell.url}/v1/chat/completions`,
    body: chatBody(cell.model, cell.stream),
    headers: { 'content-type': 'application/json', ...cell.target.headers },
    connections: cell.connections,
    durationSeconds: seconds,
  });
  const cpu = cpuMilliseconds(cell.pid) - cpuBefore;
  const counts = tracer ? await tracer.stop() : undefined;
  const server = (await serverSamples(cell.pid, timingDir)).sort((left, right) => left - right);
  const at = (share: number) =>
    server.length ? server[Math.min(server.length - 1, Math.floor(share * server.length))]! / 1000 : NaN;
  const requests = Math.max(1, result.requests);
  return {
    ...result,
    cpuMicrosecondsPerRequest: (cpu * 1000) / requests,
    serverP50Ms: at(0.5),
    serverP99Ms: at(0.99),
    ...(counts
      ? {
          syscallsPerRequest: Object.fromEntries(
            Object.entries(counts).map(([name, count]) => [name, count / requests]),
          ),
        }
      : {}),
  };
}

/**
 * Sequential requests on one keep-alive connection, each timed from the client to its last byte
 * (autocannon's latencies are whole milliseconds, too coarse for the added latency).
 */
async function sequential(cell: Cell, count: number, timingDir: string): Promise<CellResult> {
  await serverSamples(cell.pid, timingDir);
  const cpuBefore = cpuMilliseconds(cell.pid);
  const started = performance.now();
  const samples = await sampleStreams(
    cell.url,
    '/v1/chat/completions',
    cell.target.headers,
    chatBody(cell.model, cell.stream),
    count,
    emptyStreamSamples(),
  );
  const elapsedMs = performance.now() - started;
  const cpu = cpuMilliseconds(cell.pid) - cpuBefore;
  const server = await serverSamples(cell.pid, timingDir);
  const requests = Math.max(1, samples.total.length);
  return {
    requestsPerSecond: (requests * 1000) / elapsedMs,
    p50Ms: percentile(samples.total, 0.5),
    p99Ms: percentile(samples.total, 0.99),
    errors: samples.errors,
    requests,
    cpuMicrosecondsPerRequest: (cpu * 1000) / requests,
    serverP50Ms: percentile(server, 0.5) / 1000,
    serverP99Ms: percentile(server, 0.99) / 1000,
  };
}

/** Asks a target for its request timings since the last ask (µs each). */
async function serverSamples(pid: number, directory: string): Promise<number[]> {
  const file = path.join(directory, `${pid}.json`);
  rmSync(file, { force: true });
  process.kill(pid, 'SIGUSR2');
  const deadline = Date.now() + 5_000;
  while (!existsSync(file)) {
    if (Date.now() > deadline) return [];
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return JSON.parse(readFileSync(file, 'utf8')) as number[];
}

function straceAvailable(): boolean {
  const found = ['/usr/bin/strace', '/bin/strace', '/usr/local/bin/strace'].some((file) => existsSync(file));
  if (!found) process.stdout.write('strace is not installed: no system call counts (apt-get install strace)\n');
  return found;
}

/** `strace -f -c` attached to a process; stop() returns calls by system call name. */
async function startStrace(pid: number) {
  const output = path.join(mkdtempSync(path.join(tmpdir(), 'kaiyuan-strace-')), 'counts.txt');
  const child = spawn('strace', ['-f', '-c', '-o', output, '-p', String(pid)], { stdio: 'ignore' });
  await new Promise((resolve) => setTimeout(resolve, 500));
  return {
    async stop(): Promise<Record<string, number>> {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      await exited;
      const counts: Record<string, number> = {};
      for (const line of readFileSync(output, 'utf8').split('\n')) {
        const fields = line.trim().split(/\s+/);
        if (fields.length < 5 || !/^\d/.test(fields[0]!)) continue;
        const name = fields.at(-1)!;
        if (name === 'total') continue;
        counts[name] = Number(fields[3]);
      }
      return counts;
    },
  };
}

function medianCell(windows: CellResult[]): CellResult {
  return medianOfWindows(windows, [
    'requestsPerSecond',
    'p50Ms',
    'p99Ms',
    'serverP50Ms',
    'serverP99Ms',
    'cpuMicrosecondsPerRequest',
  ]);
}

function report(options: StreamCostOptions, results: Record<string, Record<string, CellResult>>): void {
  const rows = Object.entries(results).flatMap(([cell, byTarget]) =>
    Object.entries(byTarget).map(([target, result]) => [
      cell,
      target,
      result.requestsPerSecond,
      result.cpuMicrosecondsPerRequest,
      cell.startsWith('streamed') ? result.cpuMicrosecondsPerRequest / STREAM_PARTS : '',
      result.p50Ms,
      result.p99Ms,
      result.serverP50Ms,
      result.serverP99Ms,
      result.errors,
    ]),
  );
  printTable(
    `CPU per request and per chunk (median of ${options.rounds} interleaved windows; ${STREAM_PARTS} parts per stream; load average ${os.loadavg()[0]!.toFixed(1)})`,
    [
      'cell',
      'target',
      'req/s',
      'CPU µs/req',
      'CPU µs/chunk',
      'p50 ms',
      'p99 ms',
      'server p50 ms',
      'server p99 ms',
      'errors',
    ],
    rows,
  );
  const withCalls = Object.entries(results).flatMap(([cell, byTarget]) =>
    Object.entries(byTarget)
      .filter(([, result]) => result.syscallsPerRequest)
      .map(([target, result]) => {
        const calls = result.syscallsPerRequest!;
        const of = (...names: string[]) => names.reduce((sum, name) => sum + (calls[name] ?? 0), 0);
        const total = Object.values(calls).reduce((sum, count) => sum + count, 0);
        return [
          cell,
          target,
          of('write', 'writev', 'sendmsg', 'sendto'),
          of('read', 'readv', 'recvfrom', 'recvmsg'),
          of('epoll_wait', 'epoll_pwait'),
          total,
          Object.entries(calls)
            .filter(([name]) => !/^(writev?|sendmsg|sendto|readv?|recvfrom|recvmsg|epoll_p?wait)$/.test(name))
            .sort((left, right) => right[1] - left[1])
            .slice(0, 4)
            .map(([name, count]) => `${name} ${count.toFixed(2)}`)
            .join(', '),
        ];
      }),
  );
  if (withCalls.length > 0)
    printTable(
      'System calls per request (one window under strace -f -c)',
      ['cell', 'target', 'writes', 'reads', 'epoll waits', 'all', 'most frequent others'],
      withCalls,
    );
  const ratio = (cell: string, over: string, under: string, pick: (result: CellResult) => number) => {
    const top = Object.entries(results[cell] ?? {}).find(([name]) => name.startsWith(over))?.[1];
    const bottom = results[cell]?.[under];
    return top && bottom ? pick(top) / pick(bottom) : NaN;
  };
  const loaded = `${options.connections} conn`;
  const kaiyuan = '3 kaiyuan';
  const added = (cell: string, pick: (result: CellResult) => number) => {
    const top = Object.entries(results[cell] ?? {}).find(([name]) => name.startsWith(kaiyuan))?.[1];
    const bottom = results[cell]?.['1 upstream direct'];
    return top && bottom ? pick(top) - pick(bottom) : NaN;
  };
  printTable(
    'Targets (this checkout)',
    ['measure', 'value', 'target'],
    [
      [
        'full / JSON-reading proxy, CPU µs/req, plain',
        ratio(`plain, ${loaded}`, kaiyuan, '2b JSON-reading proxy', (result) => result.cpuMicrosecondsPerRequest),
        '≤ 1.25',
      ],
      [
        'full / minimal proxy, streamed req/s, batched',
        ratio(`streamed batched, ${loaded}`, kaiyuan, '2 minimal proxy', (result) => result.requestsPerSecond),
        '≥ 0.6',
      ],
      [
        'full / minimal proxy, streamed req/s, separate writes',
        ratio(`streamed separate, ${loaded}`, kaiyuan, '2 minimal proxy', (result) => result.requestsPerSecond),
        '≥ 0.6',
      ],
      ['added p50 over direct, plain, 1 conn (ms)', added('plain, 1 conn', (result) => result.p50Ms), '≤ 0.3'],
      ['added p50 over direct, streamed, 1 conn (ms)', added('streamed, 1 conn', (result) => result.p50Ms), '≤ 0.3'],
    ],
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      rounds: { type: 'string', default: '3' },
      duration: { type: 'string', default: '3' },
      connections: { type: 'string', default: '32' },
      samples: { type: 'string', default: '1000' },
      syscalls: { type: 'boolean', default: false },
      warmup: { type: 'string', default: '6' },
    },
  });
  await runStreamCost({
    rounds: Number(values.rounds),
    durationSeconds: Number(values.duration),
    connections: Number(values.connections),
    samples: Number(values.samples),
    syscalls: values.syscalls,
    builds: positionals,
    warmupSeconds: Number(values.warmup),
  });
}
