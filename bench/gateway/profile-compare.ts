/**
 * Where the CPU of the full path goes, this checkout against other built checkouts, side by side:
 * `node --import tsx bench/gateway/profile-compare.ts [--stream | --stream-beside] [--connections 32] [--rounds 4] DIR...`
 * Every build runs under --cpu-prof; their load windows are interleaved; only samples taken inside
 * a build's windows count (start-up and idle time are left out), divided by the requests of those
 * windows: CPU µs per request by function (inclusive), and in total, for each build, with the
 * answers that failed (a failed answer costs less than a served one). `--proxy` adds the two floors
 * under --cpu-prof in the same windows: the JSON-reading proxy (`json-proxy.ts`, issue 22's floor)
 * and the metering proxy (`metering-proxy.ts`, the same with a durable usage row per request).
 * `--stream-beside` runs each build twice, one process loaded with plain and one with streamed
 * requests, to see what a stream costs over a plain answer in the same windows.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { load } from '../support/load.ts';
import { startScript, stopProcess } from '../support/processes.ts';
import { printTable } from '../support/table.ts';
import { startKaiyuan, type KaiyuanTarget } from './kaiyuan-target.ts';
import { chatBody } from '../support/chat-body.ts';
import { cpuProfileFiles, readCpuProfile, sampleTimes, type CpuProfileNode } from '../support/cpu-profile.ts';
import { startFastUpstreams } from '../support/fast-upstreams.ts';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    connections: { type: 'string', default: '32' },
    rounds: { type: 'string', default: '4' },
    duration: { type: 'string', default: '3' },
    stream: { type: 'boolean', default: false },
    'stream-beside': { type: 'boolean', default: false },
    proxy: { type: 'boolean', default: false },
    path: { type: 'string', default: '/v1/chat/completions' },
    top: { type: 'string', default: '45' },
  },
});
const here = import.meta.dirname;
const root = path.resolve(here, '../..');
const builds = [root, ...positionals.map((directory) => path.resolve(directory))];
/** With --stream-beside, every build runs twice: one process loaded with plain, one with streamed requests. */
const modes = values['stream-beside'] ? [false, true] : [values.stream === true];
const targets = builds.flatMap((directory, index) =>
  modes.map((stream) => ({
    directory,
    stream,
    name: `${index}:${path.basename(directory)}${modes.length > 1 && stream ? ' stream' : ''}`,
  })),
);
const names = targets.map((target) => target.name);
const floors = values.proxy ? ['json-proxy', 'metering-proxy'] : [];
for (const [index, floor] of floors.entries()) names.push(`${builds.length + index}:${floor}`);

const nowMicroseconds = () => Number(process.hrtime.bigint() / 1000n);
const bodies = { plain: chatBody('bench-model', false), stream: chatBody('bench-model', true) };
const proxyBody = values.stream === true ? bodies.stream : bodies.plain;

const { upstream, slow } = await startFastUpstreams();
const runs: Array<{
  name: string;
  directory: string;
  kaiyuan: KaiyuanTarget;
  body: string;
  windows: Array<[number, number]>;
  requests: number;
  failed: number;
}> = [];
const stamp = Date.now();
try {
  for (const [index, target] of targets.entries()) {
    const directory = path.resolve(here, '../results/profiles', `compare-${stamp}-${index}`);
    mkdirSync(directory, { recursive: true });
    const kaiyuan = await startKaiyuan(
      upstream.port,
      slow.port,
      ['--cpu-prof', `--cpu-prof-dir=${directory}`, '--cpu-prof-interval=250'],
      path.join(target.directory, 'bin/kaiyuan.js'),
    );
    const body = target.stream ? bodies.stream : bodies.plain;
    runs.push({ name: target.name, directory, kaiyuan, body, windows: [], requests: 0, failed: 0 });
  }
  for (const [index, floor] of floors.entries()) {
    const directory = path.resolve(here, '../results/profiles', `compare-${stamp}-${floor}`);
    mkdirSync(directory, { recursive: true });
    const proxy = await startScript(path.join(here, `${floor}.ts`), ['0', `http://127.0.0.1:${upstream.port}`], {}, [
      '--cpu-prof',
      `--cpu-prof-dir=${directory}`,
      '--cpu-prof-interval=250',
    ]);
    const kaiyuan = { process: proxy.process, url: `http://127.0.0.1:${proxy.port}`, apiKey: 'unused' };
    runs.push({
      name: names[targets.length + index]!,
      directory,
      kaiyuan,
      body: proxyBody,
      windows: [],
      requests: 0,
      failed: 0,
    });
  }
  const request = (run: (typeof runs)[number]) => ({
    url: `${run.kaiyuan.url}${values.path}`,
    body: run.body,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${run.kaiyuan.apiKey}` },
  });
  for (const run of runs) await load({ ...request(run), connections: 8, durationSeconds: 3 });
  for (let round = 0; round < Number(values.rounds); round++) {
    for (const run of round % 2 === 0 ? runs : [...runs].reverse()) {
      const started = nowMicroseconds();
      const result = await load({
        ...request(run),
        connections: Number(values.connections),
        durationSeconds: Number(values.duration),
      });
      run.windows.push([started, nowMicroseconds()]);
      run.requests += result.requests;
      run.failed += result.errors;
    }
  }
} finally {
  for (const run of runs) await stopProcess(run.kaiyuan.process);
  await upstream.stop();
  await slow.stop();
}

const keyOf = (node: CpuProfileNode) => {
  const file = node.callFrame.url.replace(/^.*\//, '');
  const name = (node.callFrame.functionName || '(anonymous)').replace(/(\D)\d$/, '$1');
  return file.startsWith('kaiyuan') || file === '' ? name : `${name} (${file.replace(/\.[cm]?js$/, '')})`;
};

/** Inclusive and self samples per function key, counting only samples inside the windows. */
function tally(run: (typeof runs)[number]) {
  const profile = readCpuProfile(cpuProfileFiles(run.directory, '.001.cpuprofile')[0]!);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const hits = new Map<number, number>();
  const times = sampleTimes(profile);
  let microseconds = 0;
  for (let index = 0; index < profile.samples.length; index++) {
    const delta = profile.timeDeltas[index]!;
    const time = times[index]!;
    if (!run.windows.some(([start, end]) => time >= start && time <= end)) continue;
    hits.set(profile.samples[index]!, (hits.get(profile.samples[index]!) ?? 0) + delta);
    microseconds += delta;
  }
  const inclusive = new Map<string, number>();
  const own = new Map<string, number>();
  let busy = 0;
  for (const [id, spent] of hits) {
    const leaf = keyOf(byId.get(id)!);
    if (leaf === '(idle)') continue;
    busy += spent;
    own.set(leaf, (own.get(leaf) ?? 0) + spent);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const key = keyOf(byId.get(at)!);
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + spent);
    }
  }
  const perRequest = new Map([...inclusive].map(([key, spent]) => [key, spent / run.requests]));
  const selfPerRequest = new Map([...own].map(([key, spent]) => [key, spent / run.requests]));
  return { perRequest, selfPerRequest, busy: busy / run.requests, microseconds };
}

const tallies = runs.map(tally);
printTable(
  `CPU on the main thread inside the load windows (${modes.length > 1 ? 'plain and streamed' : values.stream ? 'streamed' : 'non-streamed'} ${values.path}, ${values.connections} connections, ${values.rounds} interleaved ${values.duration}-s windows each)`,
  ['build', 'requests', 'failed', 'busy µs/req'],
  runs.map((run, index) => [run.name, run.requests, run.failed, tallies[index]!.busy]),
);
const keys = new Set(tallies.flatMap((entry) => [...entry.perRequest.keys()]));
const rows = [...keys]
  .filter((key) => key !== '(root)')
  .map((key) => {
    const figures = tallies.map((entry) => entry.perRequest.get(key) ?? 0);
    return { key, figures, spread: Math.max(...figures) - Math.min(...figures), largest: Math.max(...figures) };
  });
printTable(
  'Inclusive µs per request, largest first',
  ['function', ...names],
  rows
    .sort((left, right) => right.largest - left.largest)
    .slice(0, Number(values.top))
    .map((row) => [row.key.slice(0, 70), ...row.figures]),
);
printTable(
  'Largest differences (inclusive µs per request)',
  ['function', ...names],
  rows
    .sort((left, right) => right.spread - left.spread)
    .slice(0, Number(values.top))
    .map((row) => [row.key.slice(0, 70), ...row.figures]),
);

const selfKeys = new Set(tallies.flatMap((entry) => [...entry.selfPerRequest.keys()]));
printTable(
  'Self µs per request, largest first',
  ['function', ...names],
  [...selfKeys]
    .map((key) => ({ key, figures: tallies.map((entry) => entry.selfPerRequest.get(key) ?? 0) }))
    .sort((left, right) => Math.max(...right.figures) - Math.max(...left.figures))
    .slice(0, Number(values.top))
    .map((row) => [row.key.slice(0, 70), ...row.figures]),
);
