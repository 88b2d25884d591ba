import { readFileSync, readdirSync, readlinkSync, statSync } from 'node:fs';
import path from 'node:path';
import { load } from '../support/load.ts';
import { cpuMilliseconds, processTree, stopProcess } from '../support/processes.ts';
import { startKaiyuan } from '../gateway/kaiyuan-target.ts';
import { loadAverages } from '../support/load-average.ts';
import { chatBody, chatLoad } from '../support/chat-body.ts';
import { startFastUpstreams } from '../support/fast-upstreams.ts';

/**
 * Where the CPU of `--workers N` goes: Kaiyuan on 1 process and on N workers, the same load in
 * interleaved windows, CPU per request of every process of each target (primary and each worker
 * separately). Usage: node --import tsx bench/cluster/workers-diagnosis.ts [workers] [seconds] [rounds]
 * [connections] [other checkout] [NAME=VALUE…]: with another checkout (its bin/kaiyuan.js), its N workers run
 * beside this one's, windows interleaved (an A/B of two versions of the cluster); the NAME=VALUE pairs
 * are added to that target's environment (with the other checkout '.', this one: an A/B of a setting).
 */
const workers = Number(process.argv[2] ?? 2);
const seconds = Number(process.argv[3] ?? 5);
const rounds = Number(process.argv[4] ?? 2);
const connections = Number(process.argv[5] ?? 32);
const other = process.argv[6];
const otherEnvironment = Object.fromEntries(
  process.argv.slice(7).map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
);
const { upstream, slow } = await startFastUpstreams();
const targets = [
  { name: '1 process', target: await startKaiyuan(upstream.port, slow.port) },
  { name: `${workers} workers`, target: await startKaiyuan(upstream.port, slow.port, [], undefined, {}, workers) },
];
if (other) {
  const bin = path.resolve(other, 'bin/kaiyuan.js');
  targets.push({
    name: `${workers} workers of ${other}${process.argv.length > 7 ? ` with ${process.argv.slice(7).join(' ')}` : ''}`,
    target: await startKaiyuan(upstream.port, slow.port, [], bin, otherEnvironment, workers),
  });
}
/** The gateway benchmarks' chat body, so that the cluster's figures compare with theirs. */
const body = chatBody('bench-model');
/** The size of the SQLite WAL a process of the target has open (found through /proc/PID/fd), in MiB. */
function walMiB(pids: number[]): string {
  for (const pid of pids) {
    try {
      for (const fd of readdirSync(`/proc/${pid}/fd`)) {
        const file = readlinkSync(`/proc/${pid}/fd/${fd}`);
        if (file.endsWith('.db-wal')) return (statSync(file).size / 2 ** 20).toFixed(1);
      }
    } catch {
      // gone meanwhile
    }
  }
  return '?';
}

/** Counters of one process from /proc: user and system CPU (ms), voluntary and involuntary context switches, read and write system calls. */
function counters(pid: number): number[] {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const io = readFileSync(`/proc/${pid}/io`, 'utf8');
    const field = (text: string, name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(text)?.[1] ?? 0);
    return [
      Number(stat[11]) * 10,
      Number(stat[12]) * 10,
      field(status, 'voluntary_ctxt_switches'),
      field(status, 'nonvoluntary_ctxt_switches'),
      field(io, 'syscr'),
      field(io, 'syscw'),
    ];
  } catch {
    return [0, 0, 0, 0, 0, 0];
  }
}

// Warm-up (not reported): every process of every target compiles its hot path first; a worker
// gets 1/N of the load, so a target of N workers needs N times as long (3 windows each here).
for (const { target } of targets)
  for (let pass = 0; pass < 3; pass++) {
    await load(chatLoad(target, body, connections, seconds));
  }
// What each target spends at rest (timers, polls), per second: spread over few requests, it inflates CPU per request.
const restSeconds = 3;
const restBefore = targets.map(({ target }) => processTree(target.process.pid!).map((pid) => cpuMilliseconds(pid)));
await new Promise((resolve) => setTimeout(resolve, restSeconds * 1000));
targets.forEach(({ name, target }, index) => {
  const spent = processTree(target.process.pid!).reduce(
    (sum, pid, member) => sum + cpuMilliseconds(pid) - (restBefore[index]![member] ?? 0),
    0,
  );
  console.log(`${name} at rest: ${Math.round(spent / restSeconds)} ms CPU per second`);
});
/** Per target, per round: CPU µs per request of the whole target and of its first process (the primary, or the one process). */
const perRound = targets.map(() => ({ total: [] as number[], main: [] as number[] }));
const median = (values: number[]) => {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
for (let round = 1; round <= rounds; round++) {
  for (const [targetIndex, { name, target }] of targets.entries()) {
    const pids = processTree(target.process.pid!);
    const before = pids.map((pid) => cpuMilliseconds(pid));
    const countersBefore = pids.map((pid) => counters(pid));
    const result = await load(chatLoad(target, body, connections, seconds));
    const spent = pids.map((pid, index) => cpuMilliseconds(pid) - before[index]!);
    const counted = pids.map((pid, index) => counters(pid).map((value, at) => value - countersBefore[index]![at]!));
    const total = spent.reduce((sum, value) => sum + value, 0);
    const perRequest = (milliseconds: number) => Math.round((milliseconds * 1000) / result.requests);
    perRound[targetIndex]!.total.push(perRequest(total));
    perRound[targetIndex]!.main.push(perRequest(spent[0]!));
    console.log(
      `round ${round} ${name}: WAL ${walMiB(pids)} MiB, ${Math.round(result.requestsPerSecond)} req/s, ${result.requests} requests, errors ${result.errors}, ` +
        `CPU µs/req ${perRequest(total)} (${spent.map((value, index) => `${index === 0 ? 'main' : `w${index}`} ${perRequest(value)}`).join(', ')})`,
    );
    // Per request of the whole target: user / system CPU µs, voluntary / involuntary switches, reads / writes.
    for (const [index, values] of counted.entries()) {
      const [user, system, voluntary, involuntary, reads, writes] = values.map((value) => value / result.requests);
      console.log(
        `  ${index === 0 ? 'main' : `w${index}`}: user ${Math.round(user! * 1000)} sys ${Math.round(system! * 1000)} µs/req, ` +
          `switches ${voluntary!.toFixed(2)} + ${involuntary!.toFixed(2)} forced, reads ${reads!.toFixed(2)}, writes ${writes!.toFixed(2)} per request`,
      );
    }
  }
}
// The medians over the rounds, and for a third target (the A/B) the rounds where it used less than the second.
for (const [index, { name }] of targets.entries()) {
  const { total, main } = perRound[index]!;
  const lower =
    index === 2
      ? `, lower than ${targets[1]!.name} in ${total.filter((value, round) => value < perRound[1]!.total[round]!).length} of ${rounds}`
      : '';
  console.log(`median ${name}: CPU µs/req ${median(total)} (main ${median(main)})${lower}`);
}
console.log(`load average ${loadAverages()}`);
for (const { target } of targets) await stopProcess(target.process);
await upstream.stop();
await slow.stop();
