import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeUpstream } from './support/fake-upstream.ts';
import {
  adminCall,
  processAdminToken,
  provisionOverHttp,
  startServerProcess,
  type ServerProcess,
} from './support/server-process.ts';
import { createTestDatabaseUrl, dropTestDatabase } from './support/test-store.ts';

const run = promisify(execFile);
const enabled = Boolean(process.env.TEST_REDIS_URL && process.env.TEST_DATABASE_URL);
const upstreamKey = 'sk-replica-upstream-0123456789abcdef';
const masterKey = randomBytes(32).toString('base64');
let replicas: ServerProcess[] = [];
let upstream: FakeUpstream;
let databaseUrl = '';

const configYaml = [
  'server:',
  '  host: 127.0.0.1',
  'discovery:',
  '  enabled: false',
  'simulator:',
  '  enabled: true',
  '  options:',
  '    latencyMs: 5',
  '    tokensPerSecond: 2000',
  'commerce:',
  '  prices:',
  '    replica-model: { input: 1, output: 2 }',
  'jobs:',
  `  queuePrefix: kaiyuan-channels-${process.pid}`,
  '',
].join('\n');

beforeAll(async () => {
  if (!enabled) return;
  upstream = await new FakeUpstream({ acceptedKeys: [upstreamKey] }).start();
  databaseUrl = await createTestDatabaseUrl();
  const environment = {
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.TEST_REDIS_URL!,
    KAIYUAN_MASTER_KEY: masterKey,
  };
  replicas = [await startServerProcess({ environment, configYaml })];
  replicas.push(await startServerProcess({ environment, configYaml }));
}, 120_000);

afterAll(async () => {
  await Promise.all(replicas.map((replica) => replica.stop()));
  await upstream?.close();
  if (databaseUrl) await dropTestDatabase(databaseUrl);
});

const chat = (url: string, key: string, model: string) =>
  fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] }),
  });

describe.skipIf(!enabled)('a channel added on one of two replicas (PostgreSQL + Redis)', () => {
  it('serves on both within a second, while requests under load keep succeeding', async () => {
    const { key } = await provisionOverHttp(replicas[0]!.url, { name: 'channel-load', balance: 100 });
    let stop = false;
    const statuses: number[] = [];
    // Load: four clients per replica on a model that exists throughout.
    const load = replicas.flatMap((replica) =>
      Array.from({ length: 4 }, async () => {
        while (!stop) {
          const response = await chat(replica.url, key, 'sim-chat');
          statuses.push(response.status);
          await response.arrayBuffer();
        }
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const before = await chat(replicas[1]!.url, key, 'replica-model');
    expect(before.status).toBe(404);
    await before.arrayBuffer();

    const added = adminCall(replicas[0]!.url, 'POST', '/admin/v1/channels', {
      name: 'replica-upstream',
      baseUrl: upstream.url,
      apiKeys: [upstreamKey],
      models: [{ name: 'replica-model', upstream: 'fake-7b', cost: { currency: 'CNY', input: 100, output: 200 } }],
    });
    const posted = Date.now();
    await added;
    // The change is committed when the API answered; from then on both replicas must serve it.
    const sent = Date.now();
    const postMs = sent - posted;
    // When each replica serves the new model: a probe starts every 50 ms (without waiting for the
    // previous one, so a slow answer on a loaded machine does not hide the moment); the earliest
    // start of a probe that was served counts.
    const servedAfter = await Promise.all(
      replicas.map(async (replica) => {
        let earliest = Infinity;
        const probes: Array<Promise<void>> = [];
        while (earliest === Infinity && Date.now() - sent < 5_000) {
          const started = Date.now() - sent;
          probes.push(
            chat(replica.url, key, 'replica-model').then(async (response) => {
              await response.arrayBuffer();
              if (response.status === 200) earliest = Math.min(earliest, started);
              else expect(response.status).toBe(404);
            }),
          );
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        await Promise.all(probes);
        return earliest;
      }),
    );
    // Once served, served on every request, on both replicas.
    const after = await Promise.all(
      Array.from({ length: 40 }, (_, index) => chat(replicas[index % 2]!.url, key, 'replica-model')),
    );
    const afterStatuses = after.map((response) => response.status);
    await Promise.all(after.map((response) => response.arrayBuffer()));
    stop = true;
    await Promise.all(load);

    process.stdout.write(
      `channel propagation: POST answered in ${postMs} ms; then served on replica A after ${servedAfter[0]} ms, on replica B after ${servedAfter[1]} ms (${statuses.length} requests under load)\n`,
    );
    expect(servedAfter[0]).toBeLessThan(1_000);
    expect(servedAfter[1]).toBeLessThan(1_000);
    expect(afterStatuses.every((status) => status === 200)).toBe(true);
    expect(statuses.length).toBeGreaterThan(20);
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    expect(upstream.keysSeen).toContain(upstreamKey);
  }, 120_000);

  it('keeps the upstream key out of the database, every API answer and the server logs', async () => {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      for (const table of ['channels', 'channel_keys', 'audit_log', 'settings']) {
        const { rows } = await client.query(`select * from ${table}`);
        expect(JSON.stringify(rows)).not.toContain(upstreamKey);
        if (table === 'channel_keys') expect(rows[0].sealed).toMatch(/^ks1\./);
      }
    } finally {
      await client.end();
    }
    for (const replica of replicas) {
      const listed = await adminCall(replica.url, 'GET', '/admin/v1/channels/replica-upstream');
      expect(listed.keys[0].hint).toBe('sk-…cdef');
      expect(JSON.stringify(listed)).not.toContain(upstreamKey);
      const audit = await fetch(`${replica.url}/admin/v1/audit?format=jsonl`, {
        headers: { authorization: `Bearer ${processAdminToken}` },
      });
      expect(await audit.text()).not.toContain(upstreamKey);
      expect(replica.output()).not.toContain(upstreamKey);
    }
  });

  it('re-encrypts every stored key under a new master key with `kaiyuan secrets rotate`', async () => {
    const newKey = randomBytes(32).toString('base64');
    const environment = {
      ...process.env,
      DATABASE_URL: databaseUrl,
      KAIYUAN_MASTER_KEY: newKey,
      KAIYUAN_PREVIOUS_MASTER_KEYS: masterKey,
      KAIYUAN_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'kaiyuan-rotate-')),
    };
    const first = await run(process.execPath, ['bin/kaiyuan.js', 'secrets', 'rotate'], { env: environment });
    expect(first.stdout).toContain('channel keys: 1 checked, 1 re-encrypted, 0 already current');
    const second = await run(process.execPath, ['bin/kaiyuan.js', 'secrets', 'rotate', '--json'], { env: environment });
    expect(JSON.parse(second.stdout).counts['channel keys']).toEqual({ checked: 1, resealed: 0, current: 1 });
    const generated = await run(process.execPath, ['bin/kaiyuan.js', 'secrets', 'generate-key']);
    expect(Buffer.from(generated.stdout.trim(), 'base64')).toHaveLength(32);
  }, 180_000);
});
