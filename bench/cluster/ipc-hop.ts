/**
 * The IPC hop that `kaiyuan serve --workers N` adds per call to the primary (decision 025 and 032):
 * a worker's PrimaryLink calls a primary that answers at once, with the payload of a real metering
 * write (a usage record). Prints the round trip one call at a time (p50, p99) and, with 32 calls
 * in flight (batched per event-loop turn as under load), the CPU per call on each side.
 * Usage: node --import tsx bench/cluster/ipc-hop.ts [calls]
 */
import { fork } from 'node:child_process';
import { PrimaryLink } from '../../src/cluster/primary-link.ts';
import type { CallFrame, ResultFrame } from '../../src/cluster/cluster-messages.ts';

const calls = Number(process.argv[2] ?? 20_000);
const write = {
  record: {
    request_id: 'req_01HZX0000000000000000000000',
    org_id: 'org_01HZX00000000000000000000',
    key_id: 'key_01HZX00000000000000000000',
    user_id: null,
    endpoint: 'chat.completions',
    model: 'bench-model',
    deployment_id: 'bench-upstream/bench',
    provider: 'bench-upstream',
    prompt_tokens: 12,
    cached_tokens: 0,
    completion_tokens: 16,
    reasoning_tokens: 0,
    cost: 44_000,
    charged: 44_000,
    funding: 'balance',
    latency_ms: 3,
    ttft_ms: null,
    status: 'completed',
    estimated: 0,
    error_code: null,
    created_at: 1_796_000_000_000,
    batch_id: null,
    cache_write_tokens: 0,
    price_version: 3,
    upstream_cost: null,
    plan_id: 'bench',
  },
  grantTokens: 0,
  grantPeriod: '',
  packageDraw: null,
};

if (process.argv[3] === 'child') {
  // The worker side: a PrimaryLink over this process's IPC channel.
  const link = new PrimaryLink(
    (message) => process.send!(message),
    (handler) => process.on('message', handler),
    (handler) => process.once('disconnect', handler),
  );
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
  let answered = 0;
  child.on('message', (message: { kaiyuan?: string; calls?: CallFrame[]; report?: Record<string, number> }) => {
    if (message.report) {
      const spent = process.cpuUsage(cpu!);
      const report = message.report;
      console.log(
        `one call at a time: round trip p50 ${(report.p50! * 1000).toFixed(0)} µs, p99 ${(report.p99! * 1000).toFixed(0)} µs`,
      );
      console.log(
        `32 in flight: ${Math.round(report.callsPerSecond!)} calls/s, CPU per call: worker ${report.workerCpuPerCall!.toFixed(1)} µs, ` +
          `primary ${((spent.user + spent.system) / (answered - 2_000)).toFixed(1)} µs`,
      );
      return;
    }
    if (message.kaiyuan !== 'calls') return;
    if (answered === 2_000 && !cpu) cpu = process.cpuUsage();
    const results: ResultFrame[] = message.calls!.map(([id]) => [id, true, { written: true, charged: 44_000 }]);
    answered += results.length;
    child.send({ kaiyuan: 'results', results });
  });
}
