/**
 * Where the CPU of `kaiyuan serve --workers N` goes, by function and process: the target runs under
 * --cpu-prof (node:cluster workers inherit the flag), takes a warm-up and a measured load, and each
 * process's profile is summarized — busy time and the functions with the most self time, in µs per
 * request of the measured window (samples outside it are left out).
 * Usage: node --import tsx bench/cluster/profile-workers.ts [workers] [seconds] [connections]
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { load } from '../support/load.ts';
import { stopProcess } from '../support/processes.ts';
import { startKaiyuan } from '../gateway/kaiyuan-target.ts';
import { chatBody, chatLoad } from '../support/chat-body.ts';
import { cpuProfileFiles, readCpuProfile, sampleTimes } from '../support/cpu-profile.ts';
import { startFastUpstreams } from '../support/fast-upstreams.ts';

const workers = Number(process.argv[2] ?? 2);
const seconds = Number(process.argv[3] ?? 6);
const connections = Number(process.argv[4] ?? 32);
const directory = path.resolve(
  import.meta.dirname,
  '../results/profiles',
  `workers-${new Date().toISOString().replaceAll(':', '-')}`,
);
mkdirSync(directory, { recursive: true });
const { upstream, slow } = await startFastUpstreams();
const target = await startKaiyuan(
  upstream.port,
  slow.port,
  ['--cpu-prof', `--cpu-prof-dir=${directory}`],
  undefined,
  {},
  workers,
);
/** The gateway benchmarks' chat body, so that the cluster's figures compare with theirs. */
const body = chatBody('bench-model');
const options = chatLoad(target, body, connections, seconds);
await load(options);
const startedAt = Date.now();
const result = await load(options);
const endedAt = Date.now();
console.log(
  `${Math.round(result.requestsPerSecond)} req/s, ${result.requests} requests, errors ${result.errors}, load average ${os.loadavg()[0]!.toFixed(1)}`,
);
await stopProcess(target.process);
await upstream.stop();
await slow.stop();

// A profile's clock is its own (microseconds); its last sample is taken about when the process
// stopped, so the measured window is placed back from there by the time that passed since the load ended.
const stoppedAt = Date.now();
for (const file of cpuProfileFiles(directory)) {
  const profile = readCpuProfile(file);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const times = sampleTimes(profile);
  const end = times.at(-1)!;
  const windowEnd = end - (stoppedAt - endedAt) * 1000;
  const windowStart = windowEnd - (endedAt - startedAt) * 1000;
  const self = new Map<string, number>();
  let busy = 0;
  for (let index = 1; index < profile.samples.length; index++) {
    if (times[index]! < windowStart || times[index]! > windowEnd) continue;
    const node = byId.get(profile.samples[index]!)!;
    const spent = times[index]! - times[index - 1]!;
    const name = node.callFrame.functionName || '(anonymous)';
    if (name === '(idle)') continue;
    busy += spent;
    const where = node.callFrame.url.replace(/^.*\/(node_modules\/|src\/|dist\/)/, '$1');
    const key = `${name} ${where}:${node.callFrame.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + spent);
  }
  console.log(`\n${path.basename(file)}: busy ${(busy / result.requests).toFixed(1)} µs per request (main thread)`);
  for (const [key, spent] of [...self.entries()].sort((left, right) => right[1] - left[1]).slice(0, 25))
    console.log(`  ${(spent / result.requests).toFixed(1).padStart(7)}  ${key}`);
}
