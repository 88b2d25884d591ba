import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import OpenAI from 'openai';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/database.ts';
import { provisionOverHttp, startServerProcess, type ServerProcess } from '../support/server-process.ts';
import { createTestDatabaseUrl, dropTestDatabase, storeKinds } from '../support/test-store.ts';
import { chatLines, fileLines, uploadBatchFile, waitForBatch } from './batch-support.ts';

const servers: ServerProcess[] = [];
const workers: ChildProcess[] = [];
const databases: string[] = [];
afterAll(async () => {
  for (const worker of workers) await killNine(worker);
  for (const server of servers) await server.kill();
  for (const url of databases) await dropTestDatabase(url);
});

/** Starts `kaiyuan worker` (BullMQ) with the environment given. */
function startWorker(environment: Record<string, string>): ChildProcess {
  const work = mkdtempSync(path.join(tmpdir(), 'kaiyuan-worker-'));
  const configFile = path.join(work, 'kaiyuan.yaml');
  writeFileSync(
    configFile,
    'discovery:\n  enabled: false\nsimulator:\n  enabled: true\n  options:\n    latencyMs: 5\n    tokensPerSecond: 2000\n',
  );
  const child = spawn(process.execPath, ['bin/kaiyuan.js', 'worker'], {
    cwd: path.resolve(import.meta.dirname, '../..'),
    env: { ...process.env, KAIYUAN_CONFIG: configFile, LOG_LEVEL: 'warn', ...environment },
    stdio: 'ignore',
  });
  workers.push(child);
  return child;
}

async function killNine(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGKILL');
  await exited;
}

/** What must hold after the batch finished: one result per line in order, one usage record and one debit per line. */
async function expectExactlyOnce(client: OpenAI, batchId: string, orgId: string, store: ReturnType<typeof openStore>) {
  const batch = await waitForBatch(client, batchId, 120_000);
  expect(batch.status).toBe('completed');
  expect(batch.request_counts).toEqual({ total: 1000, completed: 1000, failed: 0 });
  const output = await fileLines(client, batch.output_file_id);
  expect(output.map((line) => line.custom_id)).toEqual(Array.from({ length: 1000 }, (_, index) => `request-${index}`));
  output.forEach((line, index) => expect(line.response!.body.choices[0].message.content).toContain(`"item ${index}"`));
  const usage = await store.db
    .selectFrom('usage_records')
    .select(['request_id'])
    .where('batch_id', '=', batchId)
    .execute();
  expect(usage).toHaveLength(1000);
  expect(new Set(usage.map((row) => row.request_id)).size).toBe(1000);
  const debits = await store.db
    .selectFrom('ledger')
    .select('idempotency_key')
    .where('org_id', '=', orgId)
    .where('kind', '=', 'usage_debit')
    .execute();
  expect(new Set(debits.map((debit) => debit.idempotency_key)).size).toBe(debits.length);
  expect(debits).toHaveLength(1000);
}

const withRedis = Boolean(process.env.TEST_REDIS_URL && process.env.TEST_DATABASE_URL);

describe.runIf(withRedis)('a batch across kill -9 of a kaiyuan worker (BullMQ, PostgreSQL)', () => {
  it('is taken over by another worker and finishes with one output line per input line, none billed twice', async () => {
    const databaseUrl = await createTestDatabaseUrl();
    databases.push(databaseUrl);
    const environment: Record<string, string> = {
      KAIYUAN_BATCH_LEASE_SECONDS: '1',
      DATABASE_URL: databaseUrl,
      REDIS_URL: process.env.TEST_REDIS_URL!,
      KAIYUAN_QUEUE_PREFIX: `batchtest${process.pid}${Date.now()}`,
    };
    // The server runs no job worker: every slice of the batch runs on a `kaiyuan worker`.
    const server = await startServerProcess({ environment: { ...environment, KAIYUAN_WORKER_IN_SERVER: '0' } });
    servers.push(server);
    const workerEnvironment = { ...environment, KAIYUAN_DATA_DIR: server.dataDir };
    const first = startWorker(workerEnvironment);
    const { key, orgId } = await provisionOverHttp(server.url, { name: 'batch', plan: 'enterprise', balance: 100 });
    const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: key, maxRetries: 0 });
    const file = await uploadBatchFile(client, chatLines(1000));
    const created = await client.batches.create({
      input_file_id: file.id,
      endpoint: '/v1/chat/completions',
      completion_window: '24h',
    });
    let before = 0;
    const deadline = Date.now() + 90_000;
    while (before < 150 && Date.now() < deadline) {
      before = (await client.batches.retrieve(created.id)).request_counts!.completed;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(before).toBeGreaterThanOrEqual(150);
    await killNine(first);
    const stopped = (await client.batches.retrieve(created.id)).request_counts!.completed;
    expect(stopped).toBeLessThan(1000);
    startWorker(workerEnvironment);
    const store = openStore({ url: databaseUrl, dataDir: server.dataDir });
    try {
      await expectExactlyOnce(client, created.id, orgId, store);
    } finally {
      await store.close();
    }
  }, 240_000);
});

describe.each(storeKinds)('a batch across kill -9 of the server on %s', (kind) => {
  it('resumes after a restart and finishes with one output line per input line, none billed twice', async () => {
    const databaseUrl = kind === 'postgres' ? await createTestDatabaseUrl() : undefined;
    if (databaseUrl) databases.push(databaseUrl);
    // A short lease: the restarted server takes the batch over one second after the crash.
    const environment: Record<string, string> = { KAIYUAN_BATCH_LEASE_SECONDS: '1' };
    if (databaseUrl) environment.DATABASE_URL = databaseUrl;
    const first = await startServerProcess({ environment });
    servers.push(first);
    const { key, orgId } = await provisionOverHttp(first.url, { name: 'batch', plan: 'enterprise', balance: 100 });
    const client = (url: string) => new OpenAI({ baseURL: `${url}/v1`, apiKey: key, maxRetries: 0 });

    const file = await uploadBatchFile(client(first.url), chatLines(1000));
    const created = await client(first.url).batches.create({
      input_file_id: file.id,
      endpoint: '/v1/chat/completions',
      completion_window: '24h',
    });
    let before = 0;
    while (before < 150) {
      before = (await client(first.url).batches.retrieve(created.id)).request_counts!.completed;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await first.kill();
    const second = await startServerProcess({ environment, dataDir: first.dataDir });
    servers.push(second);
    const stopped = await client(second.url).batches.retrieve(created.id);
    expect(stopped.request_counts!.completed).toBeGreaterThanOrEqual(150);
    expect(stopped.request_counts!.completed).toBeLessThan(1000);

    const batch = await waitForBatch(client(second.url), created.id, 120_000);
    expect(batch.status).toBe('completed');
    expect(batch.request_counts).toEqual({ total: 1000, completed: 1000, failed: 0 });
    const output = await fileLines(client(second.url), batch.output_file_id);
    expect(output.map((line) => line.custom_id)).toEqual(
      Array.from({ length: 1000 }, (_, index) => `request-${index}`),
    );
    output.forEach((line, index) =>
      expect(line.response!.body.choices[0].message.content).toContain(`"item ${index}"`),
    );
    await second.stop();

    const store = openStore({ url: databaseUrl, dataDir: first.dataDir });
    try {
      const usage = await store.db
        .selectFrom('usage_records')
        .select(['request_id', 'charged', 'status'])
        .where('batch_id', '=', created.id)
        .execute();
      expect(usage).toHaveLength(1000);
      expect(new Set(usage.map((row) => row.request_id)).size).toBe(1000);
      const debits = await store.db
        .selectFrom('ledger')
        .select(['idempotency_key', 'amount'])
        .where('org_id', '=', orgId)
        .where('kind', '=', 'usage_debit')
        .execute();
      expect(debits).toHaveLength(1000);
      expect(new Set(debits.map((debit) => debit.idempotency_key)).size).toBe(1000);
      const balance = await store.db
        .selectFrom('org_balances')
        .select('balance')
        .where('org_id', '=', orgId)
        .executeTakeFirstOrThrow();
      const charged = usage.reduce((sum, row) => sum + Number(row.charged), 0);
      expect(Number(balance.balance)).toBe(100 * 1e9 - charged);
    } finally {
      await store.close();
    }
  }, 240_000);
});
