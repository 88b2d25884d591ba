/**
 * Several built checkouts of Kaiyuan side by side under the same load, windows interleaved:
 * `node --import tsx bench/gateway/compare-builds.ts DIR... [--connections 32] [--rounds 3] [--duration 3]`.
 * Prints req/s and CPU µs per request of each (medians of its windows): for finding which change
 * added CPU to the request path.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { load } from '../support/load.ts';
import { cpuMilliseconds, startScript, stopProcess } from '../support/processes.ts';
import { median } from '../support/median.ts';
import { printTable } from '../support/table.ts';
import { startKaiyuan, type KaiyuanTarget } from './kaiyuan-target.ts';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    connections: { type: 'string', default: '32' },
    rounds: { type: 'string', default: '3' },
    duration: { type: 'string', default: '3' },
    stream: { type: 'boolean', default: false },
  },
});
const here = import.meta.dirname;
const upstream = await startScript(path.join(here, 'fast-upstream.ts'), ['0', '16']);
const slow = await startScript(path.join(here, 'fast-upstream.ts'), ['0', '16', '150']);
const targets: Array<{ name: string; kaiyuan: KaiyuanTarget }> = [];
const body = JSON.stringify({
  model: 'bench-model',
  messages: [{ role: 'user', content: 'Write one sentence about open models.' }],
  max_tokens: 64,
  ...(values.stream ? { stream: true } : {}),
});
try {
  for (const directory of positionals) {
    const kaiyuan = await startKaiyuan(upstream.port, slow.port, [], path.resolve(directory, 'bin/kaiyuan.js'));
    targets.push({ name: path.basename(path.resolve(directory)), kaiyuan });
  }
  const request = (target: KaiyuanTarget) => ({
    url: `${target.url}/v1/chat/completions`,
    body,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${target.apiKey}` },
  });
  for (const target of targets) await load({ ...request(target.kaiyuan), connections: 8, durationSeconds: 2 });
  const windows = new Map(targets.map((target) => [target.name, [] as Array<{ rps: number; cpu: number }>]));
  for (let round = 0; round < Number(values.rounds); round++) {
    const order = round % 2 === 0 ? targets : [...targets].reverse();
    for (const target of order) {
      const pid = target.kaiyuan.process.pid!;
      const before = cpuMilliseconds(pid);
      const result = await load({
        ...request(target.kaiyuan),
        connections: Number(values.connections),
        durationSeconds: Number(values.duration),
      });
      const cpu = ((cpuMilliseconds(pid) - before) * 1000) / Math.max(1, result.requests);
      windows.get(target.name)!.push({ rps: result.requestsPerSecond, cpu });
    }
  }
  printTable(
    `${values.stream ? 'Streamed' : 'Non-streamed'} chat completions at ${values.connections} connections, median of ${values.rounds} interleaved ${values.duration}-s windows`,
    ['build', 'req/s', 'CPU µs/req', 'CPU µs/req (each window)'],
    [...windows].map(([name, measured]) => [
      name,
      median(measured.map((window) => window.rps)),
      median(measured.map((window) => window.cpu)),
      measured.map((window) => Math.round(window.cpu)).join(' '),
    ]),
  );
} finally {
  for (const target of targets) await stopProcess(target.kaiyuan.process);
  await upstream.stop();
  await slow.stop();
}
