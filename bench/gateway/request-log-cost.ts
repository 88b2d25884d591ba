/**
 * `node --import tsx bench/gateway/request-log-cost.ts [ROWS]`: what the request log costs per
 * request, in process and without load noise: the request-path part (building the row and
 * queueing it) and the background part (the batched insert), on SQLite in a temporary directory.
 * The interleaved end-to-end A/B is `npm run bench:gateway -- --request-log-ab`.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { SettledRequest } from '../../src/inference/request-log-sink.ts';
import type { ModelEntry } from '../../src/inference/model-registry.ts';
import { RequestLog } from '../../src/observability/request-log.ts';
import { requestLogSchema } from '../../src/config/config-schema.ts';
import { openStore } from '../../src/store/database.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';

const rows = Number(process.argv[2] ?? 100_000);
const store = openStore({ dataDir: mkdtempSync(path.join(tmpdir(), 'kaiyuan-log-bench-')) });
await migrateToLatest(store);
const log = new RequestLog(
  store,
  pino({ level: 'silent' }),
  requestLogSchema.parse({ flushIntervalMs: 1_000_000, maxQueued: rows + 1 }),
);
const model = {
  id: 'bench-model',
  deployments: [{ id: 'bench-model@bench-upstream', providerName: 'bench-upstream', cost: { input: 1, output: 2 } }],
} as unknown as ModelEntry;
const request = (index: number): SettledRequest => ({
  context: {
    requestId: `req_${index}`,
    clientRequestId: null,
    clientIp: '127.0.0.1',
    principal: { orgId: 'org_bench', keyId: 'key_bench', userId: null } as SettledRequest['context']['principal'],
  },
  endpoint: 'chat',
  model,
  outcome: {
    status: 'completed',
    usage: { promptTokens: 30, cachedTokens: 0, completionTokens: 16, reasoningTokens: 0 },
    usageEstimated: false,
    servedBy: { deploymentId: 'bench-model@bench-upstream', provider: 'bench-upstream', upstreamModel: 'bench' },
    latencyMs: 3,
    ttftMs: 3,
    errorCode: null,
    attempts: 1,
  },
  httpStatus: 200,
  tried: ['bench-model@bench-upstream'],
  requestBody: {},
  responseText: null,
});

// Warm up the JIT on a first slice, then time the request-path part alone (the writer's chunked
// flushes are kept out by timing only until the queue would flush).
for (let index = 0; index < 2_000; index++) log.settled(request(-index - 1));
await log.drain();
const cpuBefore = process.cpuUsage();
const started = performance.now();
const queued: number[] = [];
for (let index = 0; index < rows; index++) {
  const t0 = performance.now();
  log.settled(request(index));
  queued.push(performance.now() - t0);
}
const queueMs = performance.now() - started;
const queueCpu = process.cpuUsage(cpuBefore);
const flushStarted = performance.now();
await log.drain();
const flushMs = performance.now() - flushStarted;
const cpu = process.cpuUsage(cpuBefore);
queued.sort((left, right) => left - right);
const count = await store.db
  .selectFrom('request_log')
  .select((eb) => eb.fn.countAll().as('n'))
  .executeTakeFirstOrThrow();
const table = {
  rows,
  'request path, µs per request (mean)': ((queueMs * 1000) / rows).toFixed(2),
  'request path, µs per request (p99)': (queued[Math.floor(rows * 0.99)]! * 1000).toFixed(2),
  'batched insert, µs per row': ((flushMs * 1000) / rows).toFixed(2),
  'CPU, µs per request (request path)': ((queueCpu.user + queueCpu.system) / rows).toFixed(2),
  'CPU, µs per request (both parts)': ((cpu.user + cpu.system) / rows).toFixed(2),
  'rows stored': Number(count.n),
};
console.table(table);
await store.close();
