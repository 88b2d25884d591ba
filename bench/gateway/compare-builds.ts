/**
 * Several built checkouts of Kaiyuan side by side under the same load, windows interleaved:
 * `node --import tsx bench/gateway/compare-builds.ts [DIR...] [--connections 32] [--rounds 3]
 * [--duration 3] [--warmup 10] [--stream] [--no-reference] [--hold-floor]`.
 * Runs this checkout (built: `npm run build:server`) and every DIR, and — unless `--no-reference` —
 * two floors in the same interleaved windows: the JSON-reading proxy (`json-proxy.ts`, issue 22's
 * floor) and the metering proxy (`metering-proxy.ts`: the same plus a durable usage row committed
 * before the answer ends). Prints req/s, failed answers and CPU µs per request of each (medians of
 * its windows; the whole process, and its main thread — the event loop — alone), and each build's
 * CPU per request over each floor's (of the medians, and the median of each round's ratio): for
 * finding which change added CPU to the request path. A target that failed answers gets no ratio:
 * an error answer costs less than a served one. `--hold-floor` adds the holding proxy
 * (`metering-proxy.ts … hold-only`: answers held for their group as the metering proxy holds them,
 * nothing written). Each target is first warmed up for
 * `--warmup` seconds at the measured connection count, in 2-s slices taken in turn: the bundle's
 * JIT compilation runs on V8's helper threads for many seconds after start on a busy machine (tens
 * to hundreds of µs per request in the first windows), which a short warm-up leaves inside the
 * measured windows, and a target left idle long after its warm-up measures worse than one warmed
 * last.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { load } from '../support/load.ts';
import { cpuMilliseconds, startScript, stopProcess, threadCpuMilliseconds } from '../support/processes.ts';
import { median, medianOfRoundRatios } from '../support/median.ts';
import { printTable } from '../support/table.ts';
import { startKaiyuan, type KaiyuanTarget } from './kaiyuan-target.ts';
import { chatBody } from '../support/chat-body.ts';
import { loadAverages } from '../support/load-average.ts';
import { startFastUpstreams } from '../support/fast-upstreams.ts';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    connections: { type: 'string', default: '32' },
    rounds: { type: 'string', default: '3' },
    duration: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '10' },
    stream: { type: 'boolean', default: false },
    'no-reference': { type: 'boolean', default: false },
    'hold-floor': { type: 'boolean', default: false },
  },
});
const here = import.meta.dirname;
const { upstream, slow } = await startFastUpstreams();
const root = path.resolve(here, '../..');
/** The floors every build is divided by. */
const references = values['no-reference']
  ? []
  : [
      { name: 'JSON-reading proxy', script: 'json-proxy.ts', args: [] },
      { name: 'metering proxy', script: 'metering-proxy.ts', args: [] },
      ...(values['hold-floor'] ? [{ name: 'holding proxy', script: 'metering-proxy.ts', args: ['hold-only'] }] : []),
    ];
const floors = [];
for (const reference of references)
  floors.push({
    name: reference.name,
    started: await startScript(path.join(here, reference.script), [
      '0',
      `http://127.0.0.1:${upstream.port}`,
      ...reference.args,
    ]),
  });
const targets: Array<{ name: string; kaiyuan: KaiyuanTarget }> = [];
const body = chatBody('bench-model', values.stream === true);
try {
  for (const directory of [root, ...positionals]) {
    const kaiyuan = await startKaiyuan(upstream.port, slow.port, [], path.resolve(directory, 'bin/kaiyuan.js'));
    const name =
      path.resolve(directory) === root
        ? `${path.basename(root)} (this checkout)`
        : path.basename(path.resolve(directory));
    targets.push({ name, kaiyuan });
  }
  // The floors take the same request (no credential needed, the model is rewritten).
  for (const floor of floors) {
    targets.push({
      name: floor.name,
      kaiyuan: { process: floor.started.process, url: `http://127.0.0.1:${floor.started.port}`, apiKey: 'unused' },
    });
  }
  const request = (target: KaiyuanTarget) => ({
    url: `${target.url}/v1/chat/completions`,
    body,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${target.apiKey}` },
  });
  // Warm-up in 2-s slices taken in turn, so that every target ends it within one turn of the first
  // window: a Kaiyuan process left idle for 20–30 s after its warm-up (as the first of several
  // warmed one after another was) ran its next windows at 1.5–1.9 × the CPU per request of a
  // process warmed last, in three runs out of three.
  for (let slice = 0; slice < Math.ceil(Number(values.warmup) / 2); slice++)
    for (const target of targets)
      await load({ ...request(target.kaiyuan), connections: Number(values.connections), durationSeconds: 2 });
  const windows = new Map(
    targets.map((target) => [target.name, [] as Array<{ rps: number; cpu: number; main: number; errors: number }>]),
  );
  for (let round = 0; round < Number(values.rounds); round++) {
    const order = round % 2 === 0 ? targets : [...targets].reverse();
    for (const target of order) {
      const pid = target.kaiyuan.process.pid!;
      const before = cpuMilliseconds(pid);
      const mainBefore = threadCpuMilliseconds(pid, pid);
      const result = await load({
        ...request(target.kaiyuan),
        connections: Number(values.connections),
        durationSeconds: Number(values.duration),
      });
      const requests = Math.max(1, result.requests);
      const cpu = ((cpuMilliseconds(pid) - before) * 1000) / requests;
      const main = ((threadCpuMilliseconds(pid, pid) - mainBefore) * 1000) / requests;
      windows.get(target.name)!.push({ rps: result.requestsPerSecond, cpu, main, errors: result.errors });
    }
  }
  const errorsOf = (measured: Array<{ errors: number }>) => measured.reduce((sum, window) => sum + window.errors, 0);
  /** Each floor's windows, or null when it failed answers (no ratio to it then). */
  const floorWindows = floors.map((floor) => {
    const measured = windows.get(floor.name)!;
    return errorsOf(measured) === 0 ? measured : null;
  });
  const ratios = (measured: Array<{ cpu: number }>) =>
    floorWindows.flatMap((floorMeasured) => {
      if (!floorMeasured) return ['floor failed', ''];
      const cpus = measured.map((window) => window.cpu);
      const floorCpus = floorMeasured.map((window) => window.cpu);
      return [(median(cpus) / median(floorCpus)).toFixed(2), medianOfRoundRatios(cpus, floorCpus).toFixed(2)];
    });
  printTable(
    `${values.stream ? 'Streamed' : 'Non-streamed'} chat completions at ${values.connections} connections, median of ${values.rounds} interleaved ${values.duration}-s windows`,
    [
      'build',
      'req/s',
      'failed',
      'CPU µs/req',
      ...floors.flatMap((floor) => [`÷ ${floor.name}`, '÷ same, per round']),
      'main thread µs/req',
      'CPU µs/req (each window)',
    ],
    [...windows].map(([name, measured]) => [
      name,
      median(measured.map((window) => window.rps)),
      errorsOf(measured),
      median(measured.map((window) => window.cpu)),
      ...ratios(measured),
      median(measured.map((window) => window.main)),
      measured.map((window) => Math.round(window.cpu)).join(' '),
    ]),
  );
  process.stdout.write(`load average at the end (1, 5, 15 min): ${loadAverages()}\n`);
} finally {
  for (const target of targets) await stopProcess(target.kaiyuan.process);
  for (const floor of floors) await floor.started.stop();
  await upstream.stop();
  await slow.stop();
}
