/**
 * `npm run bench:profile -- [SECONDS] [CONNECTIONS] [stream]`: runs Kaiyuan with --cpu-prof under
 * steady load (streamed chat completions with `stream`) and prints the functions with the most self
 * time. Open the .cpuprofile in Chrome DevTools or speedscope for a flame graph.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { load } from '../support/load.ts';
import { stopProcess } from '../support/processes.ts';
import { printTable } from '../support/table.ts';
import { startKaiyuan } from './kaiyuan-target.ts';
import { chatBody } from '../support/chat-body.ts';
import { cpuProfileFiles, readCpuProfile } from '../support/cpu-profile.ts';
import { startFastUpstreams } from '../support/fast-upstreams.ts';

const here = import.meta.dirname;
const directory = path.resolve(here, '../results/profiles', new Date().toISOString().replaceAll(':', '-'));
mkdirSync(directory, { recursive: true });

const { upstream, slow } = await startFastUpstreams();
const kaiyuan = await startKaiyuan(upstream.port, slow.port, ['--cpu-prof', `--cpu-prof-dir=${directory}`]);
try {
  const body = chatBody('bench-model', process.argv[4] === 'stream');
  const result = await load({
    url: `${kaiyuan.url}/v1/chat/completions`,
    body,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${kaiyuan.apiKey}` },
    connections: Number(process.argv[3] ?? 32),
    durationSeconds: Number(process.argv[2] ?? 10),
  });
  process.stdout.write(
    `${Math.round(result.requestsPerSecond)} req/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, errors ${result.errors}\n`,
  );
} finally {
  await stopProcess(kaiyuan.process);
  await upstream.stop();
  await slow.stop();
}

const file = cpuProfileFiles(directory)[0];
if (!file) throw new Error(`no profile written to ${directory}`);
const profile = readCpuProfile(file);
const selfHits = new Map<string, number>();
let total = 0;
for (const node of profile.nodes) {
  const hits = node.hitCount ?? 0;
  total += hits;
  const where = node.callFrame.url.replace(/^.*\/(node_modules\/|src\/)/, '$1');
  const key = `${node.callFrame.functionName || '(anonymous)'} ${where}:${node.callFrame.lineNumber + 1}`;
  selfHits.set(key, (selfHits.get(key) ?? 0) + hits);
}
const top = [...selfHits.entries()].sort((left, right) => right[1] - left[1]).slice(0, 30);
printTable(
  'Most self time',
  ['function', 'share %'],
  top.map(([name, hits]) => [name, (100 * hits) / total]),
);
process.stdout.write(`profile: ${file}\n`);
