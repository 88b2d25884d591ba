/**
 * Where the whole process's CPU goes, V8's builtins and runtime included, which `--cpu-prof` folds
 * into the JavaScript function that called them: `node --import tsx bench/gateway/perf-attribution.ts
 * [--stream] [--seconds 10] [--warmup 12] [--connections 32] [--top 30] [--leaf REGEXP]`.
 * Runs Kaiyuan (the built bundle, as `npm start` runs it) under load with
 * `--perf-basic-prof-only-functions`, records every thread with `perf record -g` (Debian's `perf`;
 * `kernel.perf_event_paranoid` must allow it), and attributes each sample to the nearest JavaScript
 * frame on its stack. It prints the share of samples per JavaScript function (everything it called
 * natively included), the leaf symbols with the most samples, and, for leaves matching `--leaf`
 * (default: V8's megamorphic inline caches, where a property access fell off the fast path), the
 * JavaScript functions they were called from. Decision 048 found its two changes this way.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chatBody, chatLoad } from '../support/chat-body.ts';
import { load } from '../support/load.ts';
import { stopProcess } from '../support/processes.ts';
import { printTable } from '../support/table.ts';
import { startKaiyuan } from './kaiyuan-target.ts';
import { startFastUpstreams } from '../support/fast-upstreams.ts';

const { values } = parseArgs({
  options: {
    stream: { type: 'boolean', default: false },
    seconds: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '12' },
    connections: { type: 'string', default: '32' },
    top: { type: 'string', default: '30' },
    leaf: { type: 'string', default: 'Megamorphic' },
  },
});

if (spawnSync('perf', ['--version']).status !== 0) {
  console.error('perf is not installed (apt-get install linux-perf).');
  process.exit(1);
}

const seconds = Number(values.seconds);
const connections = Number(values.connections);
const { upstream, slow } = await startFastUpstreams();
const kaiyuan = await startKaiyuan(upstream.port, slow.port, [
  '--perf-basic-prof-only-functions',
  '--interpreted-frames-native-stack',
]);
const directory = mkdtempSync(path.join(tmpdir(), 'kaiyuan-perf-'));
const dataFile = path.join(directory, 'perf.data');
let requests = 0;
let script = '';
try {
  const body = chatBody('bench-model', values.stream);
  await load(chatLoad(kaiyuan, body, connections, Number(values.warmup)));
  const recording = spawn(
    'perf',
    ['record', '-F', '2999', '-g', '-p', String(kaiyuan.process.pid), '-o', dataFile, '--', 'sleep', String(seconds)],
    { stdio: 'ignore' },
  );
  const recorded = new Promise<number | null>((resolve) => recording.on('exit', resolve));
  // The load outlasts the recording by a second: every recorded sample is under load.
  requests = (await load(chatLoad(kaiyuan, body, connections, seconds + 1))).requests;
  if ((await recorded) !== 0) throw new Error('perf record failed (check kernel.perf_event_paranoid).');
  const output = spawnSync('perf', ['script', '-i', dataFile, '-F', 'ip,sym'], {
    encoding: 'utf8',
    maxBuffer: 1024 * 1024 * 1024,
  });
  script = output.stdout;
} finally {
  await stopProcess(kaiyuan.process);
  await upstream.stop();
  await slow.stop();
}
rmSync(directory, { recursive: true, force: true });

/** One sample's stack, leaf first: the symbol of each frame (`JS:*name file:line:column` for JavaScript). */
const stacks = script
  .split('\n\n')
  .map((block) =>
    block
      .split('\n')
      .map((line) => line.trim().replace(/^[0-9a-f]+ /, ''))
      .filter((line) => line !== ''),
  )
  .filter((stack) => stack.length > 0);
const total = stacks.length;
const share = (count: number) => `${((100 * count) / total).toFixed(2)} %`;
const nearestJs = (stack: string[]) =>
  (stack.find((frame) => frame.startsWith('JS:')) ?? '(no JavaScript frame: GC threads, libuv, kernel)')
    .replace(/^JS:[*~^]?/, '')
    .replace(/file:\/\/\/.*\//, '')
    .slice(0, 90);

function tally(keys: string[]): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return [...counts].sort((left, right) => right[1] - left[1]).slice(0, Number(values.top));
}

console.log(
  `\n${total} samples over ${seconds} s of ${values.stream ? 'streamed' : 'non-streamed'} chat completions at ${connections} connections (${requests} requests)`,
);
printTable(
  'Samples by nearest JavaScript frame (its native callees included)',
  ['function', 'samples'],
  tally(stacks.map(nearestJs)).map(([key, count]) => [key, share(count)]),
);
printTable(
  'Samples by leaf symbol',
  ['symbol', 'samples'],
  tally(stacks.map((stack) => stack[0]!.slice(0, 90))).map(([key, count]) => [key, share(count)]),
);
const leaf = new RegExp(values.leaf);
const matching = stacks.filter((stack) => leaf.test(stack[0]!));
printTable(
  `Leaves matching /${values.leaf}/ (${share(matching.length)} of samples), by nearest JavaScript frame`,
  ['function', 'samples'],
  tally(matching.map(nearestJs)).map(([key, count]) => [key, share(count)]),
);
