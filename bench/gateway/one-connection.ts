/**
 * Added latency at one connection (issue 22: p50 ≤ 0.3 ms over the upstream direct, plain and
 * streamed), with the CPU each target spends per request and where (which threads):
 * `node --import tsx bench/gateway/one-connection.ts [DIR...] [--rounds 5] [--duration 3] [--warmup 6]
 * [--warmup-connections 1] [--timeline]`.
 * Runs the upstream direct, the minimal proxy, this checkout (built: `npm run build:server`) and
 * every other built checkout DIR, one connection each, plain and streamed, in interleaved windows
 * (the order reversed every other round). Prints per target the medians of its windows: p50 and p99
 * from the client, p50 added over the upstream direct of the same round, CPU µs per request of the
 * whole process, and of its main thread and of the other threads (V8's helpers are all "node").
 * `--timeline` preloads `bench/support/server-timeline.mjs` into the proxies and prints the p50 of
 * each step inside the server (upstream request written, upstream answer, `end()` of the answer
 * after the metering commit, last byte); it costs the targets a little CPU, so CPU figures are
 * best taken without it.
 */
import os from 'node:os';
import path from 'node:path';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { load } from '../support/load.ts';
import { cpuMilliseconds, startScript, stopProcess } from '../support/processes.ts';
import { median } from '../support/median.ts';
import { printTable } from '../support/table.ts';
import { startKaiyuan } from './kaiyuan-target.ts';
import { chatBody } from '../support/chat-body.ts';
import { loadAverages } from '../support/load-average.ts';
import { startFastUpstreams } from '../support/fast-upstreams.ts';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    rounds: { type: 'string', default: '5' },
    duration: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '6' },
    'warmup-connections': { type: 'string', default: '1' },
    timeline: { type: 'boolean', default: false },
  },
});

interface Target {
  name: string;
  url: string;
  apiKey: string;
  pid: number;
  stop(): Promise<void>;
}

/** CPU ms per thread group: the main thread ("main") and the others by their name. */
function threadCpu(pid: number): Map<string, number> {
  const groups = new Map<string, number>();
  for (const thread of readdirSync(`/proc/${pid}/task`)) {
    try {
      const name = Number(thread) === pid ? 'main' : readFileSync(`/proc/${pid}/task/${thread}/comm`, 'utf8').trim();
      const fields = readFileSync(`/proc/${pid}/task/${thread}/stat`, 'utf8').split(') ')[1]!.split(' ');
      groups.set(name, (groups.get(name) ?? 0) + (Number(fields[11]) + Number(fields[12])) * 10);
    } catch {
      // the thread ended meanwhile
    }
  }
  return groups;
}

/** Asks a target preloaded with server-timeline.mjs for its steps since the last ask. */
async function timelineSteps(pid: number, directory: string): Promise<Record<string, number[]>> {
  const file = path.join(directory, `${pid}.json`);
  rmSync(file, { force: true });
  process.kill(pid, 'SIGUSR2');
  const deadline = Date.now() + 5_000;
  while (!existsSync(file)) {
    if (Date.now() > deadline) return {};
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, number[]>;
}

const here = import.meta.dirname;
const timelineDirectory = values.timeline ? mkdtempSync(path.join(os.tmpdir(), 'kaiyuan-timeline-')) : null;
const timelineModule = path.resolve(here, '../support/server-timeline.mjs');
const timed: Record<string, string> = timelineDirectory ? { KAIYUAN_BENCH_TIMELINE_DIR: timelineDirectory } : {};
const root = path.resolve(here, '../..');
const { upstream, slow } = await startFastUpstreams();
const targets: Target[] = [
  {
    name: 'upstream direct',
    url: `http://127.0.0.1:${upstream.port}`,
    apiKey: 'unused',
    pid: upstream.process.pid!,
    stop: async () => {},
  },
];
try {
  const minimal = await startScript(
    path.join(here, 'minimal-proxy.ts'),
    ['0', `http://127.0.0.1:${upstream.port}`],
    timelineDirectory ? { ...timed, NODE_OPTIONS: `--import=${timelineModule}` } : {},
  );
  targets.push({
    name: 'minimal proxy',
    url: `http://127.0.0.1:${minimal.port}`,
    apiKey: 'unused',
    pid: minimal.process.pid!,
    stop: minimal.stop,
  });
  for (const directory of [root, ...positionals]) {
    const kaiyuan = await startKaiyuan(
      upstream.port,
      slow.port,
      timelineDirectory ? [`--import=${timelineModule}`] : [],
      path.resolve(directory, 'bin/kaiyuan.js'),
      timed,
    );
    targets.push({
      name: path.resolve(directory) === root ? `${path.basename(root)} (this)` : path.basename(directory),
      url: kaiyuan.url,
      apiKey: kaiyuan.apiKey,
      pid: kaiyuan.process.pid!,
      stop: () => stopProcess(kaiyuan.process),
    });
  }
  const request = (target: Target, stream: boolean) => ({
    url: `${target.url}/v1/chat/completions`,
    body: chatBody('bench-model', stream),
    headers: { 'content-type': 'application/json', authorization: `Bearer ${target.apiKey}` },
    connections: 1,
  });
  for (let slice = 0; slice < Math.ceil(Number(values.warmup) / 2); slice++)
    for (const target of targets)
      for (const stream of [false, true])
        await load({
          ...request(target, stream),
          connections: Number(values['warmup-connections']),
          durationSeconds: 1,
        });
  type Window = {
    p50: number;
    p99: number;
    added: number;
    cpu: number;
    threads: Map<string, number>;
    steps: Record<string, number[]>;
  };
  const windows = new Map<string, Window[]>();
  for (let round = 0; round < Number(values.rounds); round++) {
    for (const stream of [false, true]) {
      const order = round % 2 === 0 ? targets : [...targets].reverse();
      const measured = new Map<string, Omit<Window, 'added'>>();
      for (const target of order) {
        const timeline = timelineDirectory && target.name !== 'upstream direct';
        if (timeline) await timelineSteps(target.pid, timelineDirectory);
        const cpuBefore = cpuMilliseconds(target.pid);
        const threadsBefore = threadCpu(target.pid);
        const result = await load({ ...request(target, stream), durationSeconds: Number(values.duration) });
        const requests = Math.max(1, result.requests);
        const threads = new Map<string, number>();
        for (const [name, ms] of threadCpu(target.pid))
          threads.set(name, ((ms - (threadsBefore.get(name) ?? 0)) * 1000) / requests);
        measured.set(target.name, {
          p50: result.p50Ms,
          p99: result.p99Ms,
          cpu: ((cpuMilliseconds(target.pid) - cpuBefore) * 1000) / requests,
          threads,
          steps: timeline ? await timelineSteps(target.pid, timelineDirectory) : {},
        });
      }
      const direct = measured.get('upstream direct')!.p50;
      for (const [name, window] of measured) {
        const key = `${name}${stream ? ', streamed' : ''}`;
        if (!windows.has(key)) windows.set(key, []);
        windows.get(key)!.push({ ...window, added: window.p50 - direct });
      }
    }
  }
  const rows = [...windows].sort(([a], [b]) => Number(a.includes('streamed')) - Number(b.includes('streamed')));
  printTable(
    `One connection, median of ${values.rounds} interleaved ${values.duration}-s windows`,
    ['target', 'p50 ms', 'p99 ms', 'added p50 ms', 'CPU µs/req', 'by thread µs/req'],
    rows.map(([name, measured]) => {
      const names = new Set(measured.flatMap((window) => [...window.threads.keys()]));
      const byThread = [...names]
        .map((thread) => [thread, median(measured.map((window) => window.threads.get(thread) ?? 0))] as const)
        .filter(([, value]) => value >= 1)
        .sort((a, b) => b[1] - a[1])
        .map(([thread, value]) => `${thread} ${Math.round(value)}`)
        .join(', ');
      return [
        name,
        median(measured.map((window) => window.p50)).toFixed(3),
        median(measured.map((window) => window.p99)).toFixed(3),
        median(measured.map((window) => window.added)).toFixed(3),
        Math.round(median(measured.map((window) => window.cpu))),
        byThread,
      ];
    }),
  );
  if (timelineDirectory) {
    const steps = ['upstream write', 'upstream sent', 'upstream head', 'upstream end', 'answer end()', 'finish'];
    /** The median over the windows of a percentile of each window's samples of a step. */
    const stepFigure = (measured: Window[], step: string, fraction: number) => {
      const figures = measured
        .map((window) => window.steps[step] ?? [])
        .filter((samples) => samples.length > 0)
        .map(
          (samples) => [...samples].sort((left, right) => left - right)[Math.floor(fraction * (samples.length - 1))]!,
        );
      return figures.length > 0 ? Math.round(median(figures)) : '';
    };
    printTable(
      'Inside the server, µs from the request event (p50 of each window, median of the windows; last byte also p99)',
      ['target', ...steps, 'finish p99'],
      rows
        .filter(([name]) => !name.startsWith('upstream direct'))
        .map(([name, measured]) => [
          name,
          ...steps.map((step) => stepFigure(measured, step, 0.5)),
          stepFigure(measured, 'finish', 0.99),
        ]),
    );
  }
  process.stdout.write(`load average at the end (1, 5, 15 min): ${loadAverages()}\n`);
} finally {
  for (const target of targets) await target.stop();
  await upstream.stop();
  await slow.stop();
}
