import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminCall, provisionOverHttp, startServerProcess, type ServerProcess } from './support/server-process.ts';
import { createTestDatabaseUrl, dropTestDatabase } from './support/test-store.ts';

const enabled = Boolean(process.env.TEST_REDIS_URL && process.env.TEST_DATABASE_URL);
let replicas: ServerProcess[] = [];
let databaseUrl = '';

beforeAll(async () => {
  if (!enabled) return;
  databaseUrl = await createTestDatabaseUrl();
  const environment = { DATABASE_URL: databaseUrl, REDIS_URL: process.env.TEST_REDIS_URL! };
  // The first start migrates; the second joins the migrated database.
  replicas = [await startServerProcess({ environment })];
  replicas.push(await startServerProcess({ environment }));
}, 120_000);

afterAll(async () => {
  await Promise.all(replicas.map((replica) => replica.stop()));
  if (databaseUrl) await dropTestDatabase(databaseUrl);
});

const chat = (url: string, key: string, maxTokens?: number) =>
  fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      model: 'sim-chat',
      messages: [{ role: 'user', content: 'hi' }],
      ...(maxTokens ? { max_tokens: maxTokens } : {}),
    }),
  });

describe.skipIf(!enabled)('two gateway processes sharing Redis and PostgreSQL', () => {
  it('let exactly 50 of 200 concurrent requests through a limit of 50 per minute', async () => {
    const { key } = await provisionOverHttp(replicas[0]!.url, { name: 'rpm-50', balance: 100, limits: { rpm: 50 } });
    const responses = await Promise.all(Array.from({ length: 200 }, (_, index) => chat(replicas[index % 2]!.url, key)));
    const statuses = responses.map((response) => response.status);
    await Promise.all(responses.map((response) => response.arrayBuffer()));
    expect(statuses.filter((status) => status === 200)).toHaveLength(50);
    expect(statuses.filter((status) => status === 429)).toHaveLength(150);
  });

  it('never overspend a small balance through concurrent requests on both replicas', async () => {
    // ¥0.002: each request reserves ≈ (prompt + 64 output tokens) worth; only a few fit.
    const { key, orgId } = await provisionOverHttp(replicas[0]!.url, { name: 'small-balance', balance: 0.002 });
    const responses = await Promise.all(
      Array.from({ length: 60 }, (_, index) => chat(replicas[index % 2]!.url, key, 64)),
    );
    const statuses = responses.map((response) => response.status);
    await Promise.all(responses.map((response) => response.arrayBuffer()));
    expect(statuses.filter((status) => status === 200).length).toBeGreaterThan(0);
    expect(statuses.filter((status) => status === 402).length).toBeGreaterThan(0);
    const balance = await adminCall(replicas[1]!.url, 'GET', `/admin/v1/organizations/${orgId}/balance`);
    expect(balance.balanceNano).toBeGreaterThanOrEqual(0);
    const usage = await adminCall(replicas[1]!.url, 'GET', `/admin/v1/usage?orgId=${orgId}`);
    const charged = usage.data.reduce((sum: number, record: { chargedNano: number }) => sum + record.chargedNano, 0);
    const cost = usage.data.reduce((sum: number, record: { costNano: number }) => sum + record.costNano, 0);
    expect(charged).toBe(cost);
    expect(balance.balanceNano).toBe(2_000_000 - charged);
  });

  it('stop a revoked key within a second on the other replica', async () => {
    const { key } = await provisionOverHttp(replicas[0]!.url, { name: 'revoked', balance: 10 });
    expect((await chat(replicas[1]!.url, key)).status).toBe(200);
    const keys = await adminCall(replicas[0]!.url, 'GET', '/admin/v1/keys');
    const id = keys.data.find((candidate: { prefix: string }) => key.startsWith(candidate.prefix)).id;
    await adminCall(replicas[0]!.url, 'DELETE', `/admin/v1/keys/${id}`);
    // Redis pub/sub drops the cached key on the other replica at once (the 1 s cache TTL is the backstop).
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect((await chat(replicas[1]!.url, key)).status).toBe(401);
    expect((await chat(replicas[0]!.url, key)).status).toBe(401);
  });
});
