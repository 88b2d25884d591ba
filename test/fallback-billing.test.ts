/**
 * A request served by a fallback model is billed as that model, once, although the model asked for
 * failed first under the same request id: both outcomes are recorded, the failure unbilled.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/main.ts';
import { FakeUpstream } from './support/fake-upstream.ts';
import { provisionKey } from './support/provision.ts';
import { startTestServer } from './support/test-server.ts';

let server: RunningServer;
let upstream: FakeUpstream;
let key: string;
let orgId: string;
const adminToken = 'ky-admin-fallback-billing-0123456789abcdefghij';

beforeAll(async () => {
  upstream = await new FakeUpstream({ behaviour: () => ({ kind: 'status', status: 500 }) }).start();
  server = await startTestServer(
    {
      providers: { broken: { type: 'openai-compatible', baseUrl: upstream.url, apiKey: 'sk-upstream' } },
      models: {
        'broken-model': {
          deployments: [{ provider: 'broken', model: 'broken-upstream' }],
          fallbacks: ['sim-chat'],
          fallbackToPricier: true,
        },
      },
      routing: { healthCheck: { enabled: false }, backoffBaseMs: 1, backoffMaxMs: 5 },
      commerce: { prices: { 'broken-model': { input: 1, output: 1 } } },
      requestLog: { flushIntervalMs: 20 },
    },
    { KAIYUAN_ADMIN_TOKEN: adminToken },
  );
  ({ key, orgId } = await provisionKey(server, { orgName: 'fallback-billing', topUp: 1 }));
});

afterAll(async () => {
  await server?.close();
  await upstream?.close();
});

describe('billing a fallback', () => {
  it('records the failed model unbilled and bills the fallback that answered, exactly once', async () => {
    const response = await fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'broken-model', messages: [{ role: 'user', content: 'Answer from anywhere.' }] }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-kaiyuan-fallback-from')).toBe('broken-model');
    const answer = await response.json();
    const requestId = response.headers.get('x-request-id')!;

    const records = await server.platform.store.db
      .selectFrom('usage_records')
      .selectAll()
      .where('org_id', '=', orgId)
      .orderBy('created_at')
      .execute();
    expect(records.map((record) => [record.model, record.status])).toEqual([
      ['broken-model', 'failed'],
      ['sim-chat', 'completed'],
    ]);
    const [failed, served] = records;
    expect(failed!.request_id).toBe(requestId);
    expect(Number(failed!.charged)).toBe(0);
    expect(served!.request_id.startsWith(requestId)).toBe(true);
    expect(served!.prompt_tokens).toBe(answer.usage.prompt_tokens);
    expect(served!.completion_tokens).toBe(answer.usage.completion_tokens);
    expect(Number(served!.charged)).toBeGreaterThan(0);

    const debits = await server.platform.store.db
      .selectFrom('ledger')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('kind', '=', 'usage_debit')
      .execute();
    expect(debits.map((entry) => -Number(entry.amount))).toEqual([Number(served!.charged)]);

    // The request log shows both models tried, each with its own usage: the failure unbilled.
    let entries: { model: string; chargedNano: number | null }[] = [];
    for (let tries = 0; tries < 100 && entries.length < 2; tries++) {
      const logged = await fetch(`${server.url}/admin/v1/request-log/${requestId}`, {
        headers: { authorization: `Bearer ${adminToken}` },
      });
      if (logged.status === 200) entries = ((await logged.json()) as { data: typeof entries }).data;
      if (entries.length < 2) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(Object.fromEntries(entries.map((entry) => [entry.model, entry.chargedNano]))).toEqual({
      'broken-model': 0,
      'sim-chat': Number(served!.charged),
    });
  });
});
