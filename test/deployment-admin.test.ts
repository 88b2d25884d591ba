import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlatform, type RunningServer } from '../src/main.ts';
import { provisionKey } from './support/provision.ts';
import { startTestServer } from './support/test-server.ts';

const run = promisify(execFile);
const adminToken = 'test-admin-token-0123456789abcdef';
let server: RunningServer;
let client: OpenAI;
let orgAdminKey: string;

const admin = (method: string, route: string, body?: unknown, token = adminToken) =>
  fetch(`${server.url}${route}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

beforeAll(async () => {
  server = await startTestServer(
    { commerce: { prices: { 'my-model': { input: 1, output: 1 } } } },
    { KAIYUAN_ADMIN_TOKEN: adminToken },
  );
  const { key } = await provisionKey(server);
  orgAdminKey = (await provisionKey(server, { key: { role: 'admin' } })).key;
  client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: key, maxRetries: 0 });
});

afterAll(async () => {
  await server?.close();
});

describe('deployments at run time', () => {
  it('lists deployments with live state to the operator only', async () => {
    await client.chat.completions.create({ model: 'sim-chat', messages: [{ role: 'user', content: 'warm up' }] });
    const response = await admin('GET', '/admin/v1/deployments');
    expect(response.status).toBe(200);
    const { data } = await response.json();
    expect(data).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          id: 'sim-chat@simulator',
          circuit: 'closed',
          enabled: true,
          requests: expect.any(Number),
        }),
      ]),
    );
    expect((await admin('GET', '/admin/v1/deployments', undefined, orgAdminKey)).status).toBe(403);
    expect((await fetch(`${server.url}/admin/v1/deployments`)).status).toBe(401);
  });

  it('disables and re-enables a deployment without a restart', async () => {
    const disabled = await admin('PATCH', '/admin/v1/deployments/sim-chat@simulator', { enabled: false });
    expect(disabled.status).toBe(200);
    const error = await client.chat.completions
      .create({ model: 'sim-chat', messages: [{ role: 'user', content: 'x' }] })
      .catch((thrown) => thrown);
    expect(error.status).toBe(503);
    expect(error.code).toBe('no_available_deployment');
    // A model no enabled deployment serves is not offered to customers; the operator still sees it.
    const listed = async () => (await client.models.list()).data.map((model) => model.id);
    expect(await listed()).not.toContain('sim-chat');
    expect((await client.models.retrieve('sim-chat').catch((thrown) => thrown)).status).toBe(404);
    const operatorView = await (await admin('GET', '/v1/models')).json();
    expect(operatorView.data.find((model: { id: string }) => model.id === 'sim-chat')).toMatchObject({ providers: [] });
    expect((await admin('PATCH', '/admin/v1/deployments/sim-chat@simulator', { enabled: true })).status).toBe(200);
    expect(await listed()).toContain('sim-chat');
    const answer = await client.chat.completions.create({
      model: 'sim-chat',
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(answer.choices[0]!.message.content).toBeTruthy();
  });

  it('adds a model at run time, rejects a bad definition with the field named, and removes it again', async () => {
    const bad = await admin('PUT', '/admin/v1/models/my-model', { deployments: [{ provider: 'nowhere' }] });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toContain("unknown provider 'nowhere'");
    const badType = await admin('PUT', '/admin/v1/models/my-model', {
      deployments: [{ provider: 'simulator', weight: 'heavy' }],
    });
    expect((await badType.json()).error.param).toBe('deployments.0.weight');
    const created = await admin('PUT', '/admin/v1/models/my-model', {
      strategy: 'weighted',
      deployments: [{ provider: 'simulator', model: 'sim-chat' }],
    });
    expect(created.status).toBe(200);
    const answer = await client.chat.completions.create({
      model: 'my-model',
      messages: [{ role: 'user', content: 'hello' }],
    });
    expect(answer.choices[0]!.message.content).toContain('simulated answer');

    const other = await createPlatform({
      config: server.platform.config,
      environment: {},
      logger: server.platform.logger,
    });
    try {
      expect(other.services.models.get('my-model')?.strategy).toBe('weighted');
      expect((await admin('DELETE', '/admin/v1/models/my-model')).status).toBe(204);
      await other.services.modelAdmin!.sync();
      expect(other.services.models.get('my-model')).toBeUndefined();
    } finally {
      await other.close();
    }
    const gone = await client.chat.completions
      .create({ model: 'my-model', messages: [{ role: 'user', content: 'x' }] })
      .catch((thrown) => thrown);
    expect(gone.status).toBe(404);
  });

  it('refuses a key whose residency policy no deployment satisfies, naming the regions', async () => {
    const { key } = await provisionKey(server, { key: { residencyTags: ['cn'] } });
    const domestic = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: key, maxRetries: 0 });
    const error = await domestic.chat.completions
      .create({ model: 'sim-chat', messages: [{ role: 'user', content: 'x' }] })
      .catch((thrown) => thrown);
    expect(error.status).toBe(403);
    expect(error.code).toBe('residency_no_deployment');
    expect(error.message).toContain('(cn)');
  });

  it('exposes Prometheus metrics', async () => {
    const text = await (await fetch(`${server.url}/metrics`)).text();
    expect(text).toMatch(/kaiyuan_requests_total\{model="sim-chat",endpoint="chat",status="completed"\} \d+/);
    expect(text).toMatch(/kaiyuan_time_to_first_token_seconds_bucket\{le="[\d.]+",model="sim-chat"\}/);
    expect(text).toContain('kaiyuan_circuit_state{model="sim-chat",deployment="sim-chat@simulator"} 0');
    expect(text).toMatch(
      /kaiyuan_deployment_latency_seconds_bucket\{le="[\d.]+",model="sim-chat",deployment="sim-chat@simulator"\} [1-9]/,
    );
    expect(text).toMatch(
      /kaiyuan_deployment_time_to_first_token_seconds_count\{model="sim-chat",deployment="sim-chat@simulator"\} [1-9]/,
    );
    expect(text).toMatch(/kaiyuan_tokens_total\{model="sim-chat",kind="completion"\} \d+/);
    expect(text).toContain('kaiyuan_queue_depth{model="sim-chat"} 0');
  });

  it('shows live state in the CLI', async () => {
    const { stdout } = await run(process.execPath, [
      path.resolve('bin/kaiyuan.js'),
      'deployments',
      'list',
      '--url',
      server.url,
      '--token',
      adminToken,
    ]);
    expect(stdout).toMatch(/sim-chat@simulator\s+on\s+\w+\s+closed/);
    const failed = await run(process.execPath, [
      path.resolve('bin/kaiyuan.js'),
      'deployments',
      'set',
      'nope',
      '--enabled',
      'false',
      '--url',
      server.url,
      '--token',
      adminToken,
    ]).catch((error) => error);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain("There is no deployment 'nope'");
  });
});
