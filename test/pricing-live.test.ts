import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/main.ts';
import { FakeUpstream } from './support/fake-upstream.ts';
import { provisionKey } from './support/provision.ts';
import { startTestServer } from './support/test-server.ts';

const run = promisify(execFile);
const adminToken = 'test-admin-token-pricing-0123456789ab';
let server: RunningServer;
let upstream: FakeUpstream;

const admin = async (method: string, route: string, body?: unknown, token = adminToken) => {
  const response = await fetch(`${server.url}${route}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const json = response.headers.get('content-type')?.includes('application/json') ? JSON.parse(text) : null;
  return { status: response.status, text, json, headers: response.headers };
};

const cli = (...args: string[]) =>
  run(process.execPath, [path.resolve('bin/kaiyuan.js'), ...args, '--url', server.url, '--token', adminToken], {
    env: { ...process.env, PRICING_UPSTREAM_KEY: 'sk-pricing-0123456789' },
  });

beforeAll(async () => {
  upstream = await new FakeUpstream({ acceptedKeys: ['sk-pricing-0123456789'] }).start();
  server = await startTestServer({}, { KAIYUAN_ADMIN_TOKEN: adminToken });
});

afterAll(async () => {
  await server?.close();
  await upstream?.close();
});

describe('editable, versioned prices with upstream cost and margins', () => {
  it(
    'publishes a channel priced from the CLI, applies a price change to the next request, and reports margins equal to the ledger',
    { timeout: 180_000 },
    async () => {
      const from = Date.now() - 1000;
      await cli(
        'channels',
        'add',
        '--name',
        'priced',
        '--base-url',
        upstream.url,
        '--api-key-env',
        'PRICING_UPSTREAM_KEY',
        '--model',
        'new-model=fake-id',
        '--cost-input',
        '0.5',
        '--cost-output',
        '1',
        '--price-input',
        '2',
        '--price-output',
        '4',
      );
      const { key, orgId } = await provisionKey(server, { topUp: 10 });
      const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: key, maxRetries: 0 });
      const ask = () =>
        client.chat.completions.create({ model: 'new-model', messages: [{ role: 'user', content: 'hi' }] });

      const first = await ask();
      const { stdout } = await cli(
        'prices',
        'set',
        'new-model',
        '--input',
        '3',
        '--output',
        '6',
        '--note',
        'upstream raised prices',
      );
      expect(stdout).toMatch(/price of 'new-model' set: version \d+/);
      const second = await ask();

      const store = server.platform.services.commerce!.pricing!;
      const records = await server.platform.store.db
        .selectFrom('usage_records')
        .selectAll()
        .where('org_id', '=', orgId)
        .orderBy('created_at')
        .execute();
      expect(records).toHaveLength(2);
      const [one, two] = records;
      const tokens = (answer: typeof first) => [answer.usage!.prompt_tokens, answer.usage!.completion_tokens] as const;
      const [p1, c1] = tokens(first);
      const [p2, c2] = tokens(second);
      // ¥2/¥4 per million then ¥3/¥6: 2000/4000 then 3000/6000 nano a token; cost ¥0.5/¥1: 500/1000.
      expect(Number(one!.cost)).toBe(p1 * 2000 + c1 * 4000);
      expect(Number(two!.cost)).toBe(p2 * 3000 + c2 * 6000);
      expect(Number(one!.upstream_cost)).toBe(p1 * 500 + c1 * 1000);
      expect(Number(two!.price_version)).toBe(Number(one!.price_version) + 1);
      expect(store.currentVersion()!.note).toBe('upstream raised prices');

      const versions = await admin('GET', '/admin/v1/pricing/versions');
      expect(versions.json.data[0]).toMatchObject({ actor: 'admin-token', note: 'upstream raised prices' });

      const to = Date.now() + 1000;
      const report = await cli(
        'report',
        'margin',
        '--from',
        String(from),
        '--to',
        String(to),
        '--by',
        'channel',
        '--json',
      );
      const parsed = JSON.parse(report.stdout);
      const line = parsed.lines.find((item: { key: string }) => item.key === 'priced');
      expect(line).toMatchObject({ requests: 2, revenueNano: Number(one!.cost) + Number(two!.cost) });
      expect(parsed.totals.revenueNano).toBe(parsed.ledger_usage_debits_nano);
      const csv = await admin('GET', `/admin/v1/reports/margin?from=${from}&to=${to}&by=model&format=csv`);
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
      expect(csv.text.split('\r\n')[0]).toBe(
        'model,requests,prompt_tokens,cached_tokens,cache_write_tokens,completion_tokens,reasoning_tokens,cache_hit_ratio,revenue,list_price,upstream_cost,gross_margin,margin_percent',
      );
    },
  );

  it('validates prices, rules and plans with clear errors, and keeps them operator-only', async () => {
    const negative = await admin('PUT', '/admin/v1/pricing/prices/x-model', { input: -1, output: 1 });
    expect(negative.status).toBe(400);
    const usd = await admin('PUT', '/admin/v1/pricing/prices/x-model', { input: 1, output: 1, currency: 'USD' });
    expect(usd.status).toBe(400);
    expect(usd.json.error).toMatchObject({ code: 'missing_exchange_rate' });
    expect(usd.json.error.message).toMatch(/commerce\.exchangeRates\.USD/);
    const lockOut = await admin('PUT', '/admin/v1/pricing/plans/tiny', {
      freeTierOnly: true,
      allowedModels: ['sim-reasoner'],
    });
    expect(lockOut.status).toBe(400);
    expect(lockOut.json.error.code).toBe('plan_locks_out_all_models');
    const badRule = await admin('PUT', '/admin/v1/pricing/rules/peak', {
      when: { window: { from: '8:30', to: '24:00' } },
      multiply: 2,
    });
    expect(badRule.status).toBe(400);
    const rule = await admin('PUT', '/admin/v1/pricing/rules/peak', {
      description: 'peak hours',
      when: { window: { from: '08:30', to: '00:30' } },
      multiply: 2,
    });
    expect(rule.status).toBe(200);
    const quote = await admin('POST', '/admin/v1/pricing/quote', {
      model: 'sim-chat',
      at: '2026-12-05T10:00:00+08:00',
      usage: { promptTokens: 1000, completionTokens: 1000 },
    });
    expect(quote.json).toMatchObject({ rules: ['peak'], prices: { input: 2, output: 4 }, chargeNano: 6_000_000 });
    const audit = await admin('GET', '/admin/v1/audit?targetType=price_rule');
    expect(audit.json.data[0]).toMatchObject({ action: 'price_rule.set', target_id: 'peak' });

    const { key } = await provisionKey(server, { key: { role: 'admin' } });
    expect((await admin('GET', '/admin/v1/pricing', undefined, key)).status).toBe(403);
    expect((await admin('PUT', '/admin/v1/pricing/prices/sim-chat', { input: 0, output: 0 }, key)).status).toBe(403);
  });
});
