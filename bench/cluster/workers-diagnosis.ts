import path from 'node:path';
import os from 'node:os';
import { load } from '../support/load.ts';
import { cpuMilliseconds, processTree, startScript, stopProcess } from '../support/processes.ts';
import { startKaiyuan } from '../gateway/kaiyuan-target.ts';

/**
 * Where the CPU of `--workers N` goes: Kaiyuan on 1 process and on N workers, the same load in
 * interleaved windows, CPU per request of every process of each target (primary and each worker
 * separately). Usage: node --import tsx bench/cluster/workers-diagnosis.ts [workers] [seconds] [rounds] [connections]
 */
const workers = Number(process.argv[2] ?? 2);
const seconds = Number(process.argv[3] ?? 5);
const rounds = Number(process.argv[4] ?? 2);
const connections = Number(process.argv[5] ?? 32);
const gatewayDirectory = path.resolve(import.meta.dirname, '../gateway');
const upstream = await startScript(path.join(gatewayDirectory, 'fast-upstream.ts'), ['0', '16']);
const slow = await startScript(path.join(gatewayDirectory, 'fast-upstream.ts'), ['0', '16', '150']);
const targets = [
  { name: '1 process', target: await startKaiyuan(upstream.port, slow.port) },
  { name: `${workers} workers`, target: await startKaiyuan(upstream.port, slow.port, [], undefined, {}, workers) },
];
const body = JSON.stringify({ model: 'bench-model', messages: [{ role: 'user', content: 'Hi' }], max_tokens: 64 });
for (let round = 1; round <= rounds; round++) {
  for (const { name, target } of targets) {
    const pids = processTree(target.process.pid!);
    const before = pids.map((pid) => cpuMilliseconds(pid));
    const result = await load({
      url: `${target.url}/v1/chat/completions`,
      body,
      headers: { authorization: `Bearer ${target.apiKey}`, 'content-type': 'application/json' },
      connections,
      durationSeconds: seconds,
    });
    const spent = pids.map((pid, index) => cpuMilliseconds(pid) - before[index]!);
    const total = spent.reduce((sum, value) => sum + value, 0);
    const perRequest = (milliseconds: number) => Math.round((milliseconds * 1000) / result.requests);
    console.log(
      `round ${round} ${name}: ${Math.round(result.requestsPerSecond)} req/s, ${result.requests} requests, errors ${result.errors}, ` +
        `CPU µs/req ${perRequest(total)} (${spent.map((value, index) => `${index === 0 ? 'main' : `w${index}`} ${perRequest(value)}`).join(', ')})`,
    );
  }
}
console.log(
  `load average ${os
    .loadavg()
    .map((value) => value.toFixed(1))
    .join(' ')}`,
);
for (const { target } of targets) await stopProcess(target.process);
await upstream.stop();
await slow.stop();
