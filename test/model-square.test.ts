/**
 * The public model square: no credential, public fields only (no deployment, upstream model,
 * address or key), published models only, prices per plan after the plan's rules, a free offer
 * only where the sign-up plan really gives one, the operator's switch, and the per-address limit.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { modelSquareSchema, squareModelSchema, type SquareModel } from '../src/api-contract/model-square.ts';
import type { KaiyuanConfigInput } from '../src/config/config-schema.ts';
import type { RunningServer } from '../src/main.ts';
import { startTestServer } from './support/test-server.ts';

const adminToken = 'test-admin-token-model-square-0123456789';
const upstreamSecret = 'sk-upstream-secret-never-shown';
let server: RunningServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function start(overrides: KaiyuanConfigInput = {}) {
  server = await startTestServer(
    {
      signup: { policy: 'open' },
      providers: {
        'gpu-box-3': { type: 'openai-compatible', baseUrl: 'http://10.9.8.7:8000/v1', apiKey: upstreamSecret },
      },
      models: {
        'house-llm': {
          name: 'House LLM',
          ownedBy: 'acme-lab',
          license: 'apache-2.0',
          contextLength: 65_536,
          capabilities: ['chat', 'tools'],
          deployments: [{ provider: 'gpu-box-3', model: 'internal/house-llm-v7' }],
        },
        'house-off': {
          deployments: [{ provider: 'gpu-box-3', model: 'internal/off', enabled: false }],
        },
      },
      commerce: {
        prices: {
          'house-llm': { input: 2, output: 8, currency: 'CNY', freeTier: false },
          'house-off': { input: 1, output: 1, currency: 'CNY', freeTier: true },
        },
        rules: [{ id: 'enterprise-discount', when: { plans: ['enterprise'] }, multiply: { input: 0.5, output: 0.5 } }],
      },
      ...overrides,
    } as KaiyuanConfigInput,
    { KAIYUAN_ADMIN_TOKEN: adminToken },
  );
  return server;
}

const square = async (path = '') => fetch(`${server!.url}/console/api/square/models${path}`);
const admin = (method: string, path: string, body?: unknown) =>
  fetch(`${server!.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

describe('model square', () => {
  it('lists published models without a credential, with public fields only', async () => {
    await start();
    const response = await square();
    expect(response.status).toBe(200);
    const text = await response.text();
    const body = modelSquareSchema.parse(JSON.parse(text));
    expect(body.signup).toEqual({ policy: 'open', plan: 'free' });
    const ids = body.data.map((model) => model.id);
    expect(ids).toContain('house-llm');
    expect(ids).toContain('sim-chat');
    // Every deployment disabled: not offered.
    expect(ids).not.toContain('house-off');
    // Nothing about where or how the model is served.
    for (const secret of [upstreamSecret, '10.9.8.7', 'internal/house-llm-v7', 'gpu-box-3', 'deployment'])
      expect(text).not.toContain(secret);

    const house = body.data.find((model) => model.id === 'house-llm')!;
    expect(house).toMatchObject({
      name: 'House LLM',
      provider: 'acme-lab',
      license: 'apache-2.0',
      contextLength: 65_536,
      modalities: { input: ['text'], output: ['text'] },
      freeForNewCustomers: null,
    });
    // Not free-tier: the free plan cannot use it; enterprise pays half by its rule.
    expect(house.prices.map((price) => price.plan).sort()).toEqual(['enterprise', 'pro']);
    expect(house.prices.find((price) => price.plan === 'pro')).toMatchObject({
      input: 2,
      output: 8,
      currency: 'CNY',
      signupPlan: false,
    });
    expect(house.prices.find((price) => price.plan === 'enterprise')).toMatchObject({ input: 1, output: 4 });

    // sim-chat is free-tier: a new customer (free plan) gets its monthly free tokens for it.
    const chat = body.data.find((model) => model.id === 'sim-chat')!;
    expect(chat.freeForNewCustomers).toEqual({ kind: 'monthly_grant', tokensPerMonth: 1_000_000 });
    expect(chat.prices.find((price) => price.plan === 'free')).toMatchObject({ signupPlan: true, input: 1 });
    // sim-reasoner is not free-tier: no badge.
    expect(body.data.find((model) => model.id === 'sim-reasoner')!.freeForNewCustomers).toBeNull();
  });

  it('shows one model, 404 for unpublished or unknown ones', async () => {
    await start();
    const found = await square('/house-llm');
    expect(found.status).toBe(200);
    expect(squareModelSchema.parse(await found.json()).id).toBe('house-llm');
    for (const id of ['house-off', 'no-such-model']) {
      const missing = await square(`/${id}`);
      expect(missing.status).toBe(404);
      expect(await missing.json()).toMatchObject({ error: { code: 'model_not_found' } });
    }
    // Disabling the last deployment takes the model off the square at once.
    const deployments = (await (await admin('GET', '/admin/v1/deployments')).json()) as {
      data: Array<{ id: string; model: string }>;
    };
    const houseDeployment = deployments.data.find((deployment) => deployment.model === 'house-llm')!;
    expect((await admin('PATCH', `/admin/v1/deployments/${houseDeployment.id}`, { enabled: false })).status).toBe(200);
    expect((await square('/house-llm')).status).toBe(404);
  });

  it('marks a model free where the sign-up plan prices it at zero, and nothing free while sign-up is closed', async () => {
    await start({
      commerce: {
        prices: { 'sim-reasoner': { input: 0, output: 0, currency: 'CNY', freeTier: true } },
        plans: { free: { name: 'Free', freeTierOnly: true, monthlyGrantTokens: 0, payAsYouGo: false, limits: {} } },
      },
    } as KaiyuanConfigInput);
    const body = modelSquareSchema.parse(await (await square()).json());
    const byId = (id: string) => body.data.find((model) => model.id === id)!;
    expect(byId('sim-reasoner').freeForNewCustomers).toEqual({ kind: 'free', tokensPerMonth: null });
    // sim-chat costs money on the free plan, which now has no monthly grant: no badge.
    expect(byId('sim-chat').freeForNewCustomers).toBeNull();
    await server!.close();

    await start({ signup: { policy: 'closed' } } as KaiyuanConfigInput);
    const closed = modelSquareSchema.parse(await (await square()).json());
    expect(closed.signup.policy).toBe('closed');
    expect(closed.data.every((model: SquareModel) => model.freeForNewCustomers === null)).toBe(true);
  });

  it('is turned off and on by the operator only', async () => {
    await start();
    expect(await (await admin('GET', '/admin/v1/model-square/settings')).json()).toEqual({
      object: 'model_square_settings',
      enabled: true,
    });
    const off = await admin('PUT', '/admin/v1/model-square/settings', { enabled: false });
    expect(await off.json()).toMatchObject({ enabled: false });
    const closed = await square();
    expect(closed.status).toBe(404);
    expect(await closed.json()).toMatchObject({ error: { code: 'model_square_disabled' } });
    expect((await square('/sim-chat')).status).toBe(404);
    expect((await fetch(`${server!.url}/admin/v1/model-square/settings`, { method: 'PUT' })).status).toBe(401);
    await admin('PUT', '/admin/v1/model-square/settings', { enabled: true });
    expect((await square()).status).toBe(200);
  });

  it('counts requests per client address like every credential-less route', async () => {
    await start({
      server: { host: '127.0.0.1', port: 0, addressLimits: { publicPerMinute: 4 } },
    } as KaiyuanConfigInput);
    const statuses: number[] = [];
    for (let index = 0; index < 6; index++) statuses.push((await square()).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
  });
});
