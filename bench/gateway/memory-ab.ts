/**
 * Memory of Kaiyuan builds side by side: RSS right after start, after the gateway benchmark's load
 * (plain and streamed, the other protocols, 256 connections), and the peak with N concurrent slow
 * streams (200 as `--quick` measures it, 1,000 as the full run does). Each figure is split into
 * anonymous memory (V8's heap, native allocations) and file-backed pages (code of node, the bundle
 * and native modules) from /proc/PID/status. The builds take turns, each a fresh process through
 * all phases, in reverse order every other repetition; the tables give the medians over them.
 *
 *   node --import tsx bench/gateway/memory-ab.ts [DIR …] [--repetitions 3] [--streams 200,1000]
 *        [--load-seconds 3] [--flags "--max-semi-space-size=16"] [--heap]
 *
 * Each DIR is another built checkout (its bin/kaiyuan.js and its start script's Node flags), run
 * beside this one. `--flags` runs this checkout once more with more Node flags after the start
 * script's (a later V8 flag of the same name wins). `--heap` loads a small
 * module into each server that prints its V8 heap spaces on SIGUSR2 (stderr), for where the
 * anonymous memory goes.
 */
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Agent, request } from 'undici';
import { protocolBodies } from '../support/chat-body.ts';
import { loadAverages } from '../support/load-average.ts';
import { load } from '../support/load.ts';
import { median } from '../support/median.ts';
import { memoryMiB, stopProcess } from '../support/processes.ts';
import { printTable } from '../support/table.ts';
import { startKaiyuan, type KaiyuanTarget } from './kaiyuan-target.ts';
import { startFastUpstreams } from '../support/fast-upstreams.ts';

const here = import.meta.dirname;
const root = path.resolve(here, '../..');
const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    repetitions: { type: 'string', default: '3' },
    streams: { type: 'string', default: '200,1000' },
    'load-seconds': { type: 'string', default: '3' },
    flags: { type: 'string' },
    heap: { type: 'boolean', default: false },
  },
});
const repetitions = Number(values.repetitions);
const streamCounts = values.streams!.split(',').map(Number);
const loadSeconds = Number(values['load-seconds']);

interface Build {
  name: string;
  bin: string;
  /** Node flags after the start script's (a later flag of the same name wins). */
  flags: string[];
}
const builds: Build[] = [
  { name: 'this tree', bin: path.join(root, 'bin/kaiyuan.js'), flags: [] },
  ...positionals.map((directory) => ({
    name: path.basename(path.resolve(directory)),
    bin: path.resolve(directory, 'bin/kaiyuan.js'),
    flags: [],
  })),
];
if (values.flags)
  builds.push({ name: `this tree ${values.flags}`, bin: builds[0]!.bin, flags: values.flags.split(' ') });

let heapModule: string | null = null;
if (values.heap) {
  heapModule = path.join(mkdtempSync(path.join(tmpdir(), 'kaiyuan-heap-')), 'heap.mjs');
  writeFileSync(
    heapModule,
    `import v8 from 'node:v8';
process.on('SIGUSR2', () => {
  const spaces = Object.fromEntries(v8.getHeapSpaceStatistics().map((space) => [space.space_name, Math.round(space.space_size / 1048576)]));
  const usage = process.memoryUsage();
  process.stderr.write('heap ' + process.pid + ' ' + JSON.stringify({ rss: Math.round(usage.rss / 1048576), heapTotal: Math.round(usage.heapTotal / 1048576), heapUsed: Math.round(usage.heapUsed / 1048576), external: Math.round(usage.external / 1048576), arrayBuffers: Math.round(usage.arrayBuffers / 1048576), spaces }) + '\\n');
});
`,
  );
}

/** VmRSS, RssAnon and RssFile of a process in MiB. */

/** The gateway benchmark's load before its memory cell, in short: each path and count once. */
async function benchLoad(target: KaiyuanTarget): Promise<void> {
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${target.apiKey}` };
  const cells: Array<[string, boolean, number]> = [
    ['/v1/chat/completions', false, 32],
    ['/v1/chat/completions', false, 1],
    ['/v1/chat/completions', false, 256],
    ['/v1/chat/completions', true, 32],
    ['/v1/messages', false, 32],
    ['/v1/messages', true, 32],
    ['/v1/responses', false, 32],
    ['/v1/responses', true, 32],
  ];
  for (const [route, stream, connections] of cells)
    await load({
      url: `${target.url}${route}`,
      body: protocolBodies[route]!('bench-model', stream),
      headers,
      connections,
      durationSeconds: loadSeconds,
    });
}

/** Peak RSS (sampled every 100 ms) while N slow streams are open at once; the status at the peak. */
async function concurrentStreams(target: KaiyuanTarget, streams: number): Promise<ReturnType<typeof memoryMiB>> {
  const pid = target.process.pid!;
  const agent = new Agent({ connections: streams + 10 });
  let peak = memoryMiB(pid);
  const body = JSON.stringify({ model: 'bench-slow', stream: true, messages: [{ role: 'user', content: 'memory' }] });
  const sampler = setInterval(() => {
    const now = memoryMiB(pid);
    if (now.rss > peak.rss) peak = now;
  }, 100);
  const results = await Promise.all(
    Array.from({ length: streams }, async () => {
      const response = await request(`${target.url}/v1/chat/completions`, {
        method: 'POST',
        dispatcher: agent,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${target.apiKey}` },
        body,
      });
      const text = await response.body.text();
      return response.statusCode === 200 && text.endsWith('data: [DONE]\n\n');
    }),
  );
  clearInterval(sampler);
  await agent.close();
  const failed = results.filter((ok) => !ok).length;
  if (failed > 0) process.stderr.write(`${streams} streams: ${failed} failed\n`);
  return peak;
}

const { upstream, slow: slowUpstream } = await startFastUpstreams();
type Phase = string;
const figures = new Map<string, Map<Phase, Array<ReturnType<typeof memoryMiB>>>>(
  builds.map((build) => [build.name, new Map()]),
);
const record = (build: Build, phase: Phase, value: ReturnType<typeof memoryMiB>) => {
  const phases = figures.get(build.name)!;
  if (!phases.has(phase)) phases.set(phase, []);
  phases.get(phase)!.push(value);
};
const loads: string[] = [];
try {
  for (let repetition = 0; repetition < repetitions; repetition++) {
    // One build at a time, each through all phases at once: a process left idle while others take
    // their load has its heap shrunk by V8's memory reducer (after about 8 s), which the gateway
    // benchmark's memory cell, taken right after the process's last load, never sees.
    for (const build of repetition % 2 === 0 ? builds : [...builds].reverse()) {
      const flags = [...(heapModule ? ['--import', heapModule] : []), ...build.flags];
      const target = await startKaiyuan(upstream.port, slowUpstream.port, flags, build.bin);
      const pid = target.process.pid!;
      const heap = async (phase: string) => {
        if (!heapModule) return;
        process.stderr.write(`${build.name}, ${phase}: `);
        target.process.kill('SIGUSR2');
        await new Promise((resolve) => setTimeout(resolve, 300));
      };
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      record(build, 'idle', memoryMiB(pid));
      await heap('idle');
      await benchLoad(target);
      record(build, 'after load', memoryMiB(pid));
      await heap('after load');
      for (const streams of streamCounts) {
        record(build, `${streams} streams`, await concurrentStreams(target, streams));
        await heap(`after ${streams} streams`);
      }
      await stopProcess(target.process);
    }
    loads.push(loadAverages());
    process.stderr.write(`repetition ${repetition + 1} of ${repetitions} done (load ${loads.at(-1)})\n`);
  }
} finally {
  await upstream.stop();
  await slowUpstream.stop();
}

const phases = [...figures.get(builds[0]!.name)!.keys()];
const cell = (values: Array<ReturnType<typeof memoryMiB>>) => {
  const rss = median(values.map((value) => value.rss));
  const anon = median(values.map((value) => value.anon));
  const file = median(values.map((value) => value.file));
  return `${rss.toFixed(1)} (${anon.toFixed(1)} + ${file.toFixed(1)})`;
};
printTable(
  `RSS MiB, median of ${repetitions} (anonymous + file-backed), load average per repetition: ${loads.join('; ')}`,
  ['build', ...phases],
  builds.map((build) => [build.name, ...phases.map((phase) => cell(figures.get(build.name)!.get(phase)!))]),
);
printTable(
  'peak RSS MiB of each repetition',
  ['build', ...phases.filter((phase) => phase.endsWith('streams'))],
  builds.map((build) => [
    build.name,
    ...phases
      .filter((phase) => phase.endsWith('streams'))
      .map((phase) =>
        figures
          .get(build.name)!
          .get(phase)!
          .map((value) => value.rss.toFixed(1))
          .join(' / '),
      ),
  ]),
);
