/**
 * The IPC traffic per request of `kaiyuan serve --workers N`: frames by method and messages each
 * way, counted in the primary (count-ipc.mjs, preloaded) under the same load as workers-diagnosis.ts.
 * Usage: node --import tsx bench/cluster/ipc-frames.ts [workers] [seconds] [connections] [other checkout…]
 * — each checkout (default: this one) runs in turn. Counts, not CPU: the counting costs CPU itself.
 */
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { load } from '../support/load.ts';
import { stopProcess } from '../support/processes.ts';
import { startKaiyuan } from '../gateway/kaiyuan-target.ts';
import { chatBody, chatLoad } from '../support/chat-body.ts';
import { startFastUpstreams } from '../support/fast-upstreams.ts';

const workers = Number(process.argv[2] ?? 2);
const seconds = Number(process.argv[3] ?? 5);
const connections = Number(process.argv[4] ?? 32);
const checkouts = [
  path.resolve(import.meta.dirname, '../..'),
  ...process.argv.slice(5).map((dir) => path.resolve(dir)),
];
const { upstream, slow } = await startFastUpstreams();
/** The gateway benchmarks' chat body, so that the cluster's figures compare with theirs. */
const body = chatBody('bench-model');
const preload = path.join(import.meta.dirname, 'count-ipc.mjs');

interface Counts {
  callMessages: number;
  callFrames: Record<string, number>;
  /** Call messages holding only updates (id 0), which want no answer. */
  tellOnlyMessages?: number;
  resultMessages: number;
  resultFrames: number;
}

for (const [index, checkout] of checkouts.entries()) {
  const file = path.join(tmpdir(), `kaiyuan-ipc-count-${process.pid}-${index}.json`);
  const target = await startKaiyuan(
    upstream.port,
    slow.port,
    ['--import', preload],
    path.join(checkout, 'bin/kaiyuan.js'),
    { KAIYUAN_IPC_COUNT_FILE: file },
    workers,
  );
  const options = chatLoad(target, body, connections, seconds);
  await load(options);
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const read = () => JSON.parse(readFileSync(file, 'utf8')) as Counts;
  const before = read();
  const result = await load(options);
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const after = read();
  const per = (value: number) => (value / result.requests).toFixed(2);
  const frames = Object.entries(after.callFrames)
    .map(([method, count]) => [method, count - (before.callFrames[method] ?? 0)] as const)
    .filter(([, count]) => count > 0);
  const total = frames.reduce((sum, [, count]) => sum + count, 0);
  console.log(
    `${checkout} (${workers} workers, ${connections} connections, ${result.requests} requests, errors ${result.errors}): ` +
      `${per(total)} call frames per request in ${per(after.callMessages - before.callMessages)} messages ` +
      `(${per((after.tellOnlyMessages ?? 0) - (before.tellOnlyMessages ?? 0))} of updates only); ` +
      `${per(after.resultFrames - before.resultFrames)} answers in ${per(after.resultMessages - before.resultMessages)} messages`,
  );
  for (const [method, count] of frames) console.log(`  ${method}: ${per(count)} per request`);
  await stopProcess(target.process);
}
await upstream.stop();
await slow.stop();
