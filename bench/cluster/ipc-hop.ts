/**
 * The IPC hop that `kaiyuan serve --workers N` adds per call to the primary (decision 025 and 032):
 * a worker's PrimaryLink calls a primary that answers at once (per event-loop turn, as the real one), with the payload of a real metering
 * write (a usage record). Prints the round trip one call at a time (p50, p99) and, with 32 calls
 * in flight (batched per event-loop turn as under load), the CPU per call on each side.
 * Usage: node --import tsx bench/cluster/ipc-hop.ts [calls]
 */
import { fork } from 'node:child_process';
import { benchUsageWrite, linkToParent, servePrimarySide } from './cluster-bench-support.ts';

const calls = Number(process.argv[2] ?? 20_000);
const write = benchUsageWrite('req_01HZX0000000000000000000000', 1_796_000_000_000);

if (process.argv[3] === 'child') {
  // The worker side: a PrimaryLink over this process's IPC channel.
  const link = linkToParent();
  const sequential: number[] = [];
  for (let index = 0; index < 2_000; index++) {
    const started = performance.now();
    await link.call('metering.write', [write]);
    sequential.push(performance.now() - started);
  }
  sequential.sort((left, right) => left - right);
  const cpu = process.cpuUsage();
  const started = performance.now();
  let sent = 0;
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (sent < calls) {
        sent++;
        await link.call('metering.write', [write]);
      }
    }),
  );
  const spent = process.cpuUsage(cpu);
  process.send!({
    report: {
      p50: sequential[sequential.length >> 1],
      p99: sequential[Math.floor(sequential.length * 0.99)],
      workerCpuPerCall: (spent.user + spent.system) / calls,
      callsPerSecond: calls / ((performance.now() - started) / 1000),
    },
  });
  process.disconnect();
} else {
  const child = fork(import.meta.filename, [String(calls), 'child'], { execArgv: ['--import', 'tsx'] });
  let cpu: NodeJS.CpuUsage | null = null;
  let cpuFrom = 0;
  const answered = servePrimarySide(child, (_method, _args, answer) => {
    // The sequential part is done: measure the primary's CPU from here on.
    if (answered() === 2_000 && !cpu) {
      cpu = process.cpuUsage();
      cpuFrom = answered();
    }
    answer(true, { written: true, charged: 44_000 });
  });
  child.on('message', (message: { report?: Record<string, number> }) => {
    if (!message.report) return;
    const spent = process.cpuUsage(cpu!);
    const report = message.report;
    console.log(
      `one call at a time: round trip p50 ${(report.p50! * 1000).toFixed(0)} µs, p99 ${(report.p99! * 1000).toFixed(0)} µs`,
    );
    console.log(
      `32 in flight: ${Math.round(report.callsPerSecond!)} calls/s, CPU per call: worker ${report.workerCpuPerCall!.toFixed(1)} µs, ` +
        `primary ${((spent.user + spent.system) / (answered() - cpuFrom)).toFixed(1)} µs`,
    );
  });
}
