import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { promisify } from 'node:util';
import path from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/main.ts';
import { FakeUpstream } from './support/fake-upstream.ts';
import { provisionKey } from './support/provision.ts';
import { startTestServer } from './support/test-server.ts';

const run = promisify(execFile);
const adminToken = 'test-admin-token-channels-0123456789';
const goodKey = 'sk-good-0123456789abcdef';
const secondKey = 'sk-second-9876543210fedcba';
const badKey = 'sk-bad-aaaaaaaaaaaaaaaa';
let server: RunningServer;
let upstream: FakeUpstream;
let client: OpenAI;

const admin = async (method: string, route: string, body?: unknown) => {
  const response = await fetch(`${server.url}${route}`, {
    method,
    headers: {
      authorization: `Bearer ${adminToken}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const json = response.headers.get('content-type')?.includes('application/json') ? JSON.parse(text) : null;
  return { status: response.status, text, json };
};

const ask = (model: string) => client.chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }] });

beforeAll(async () => {
  upstream = await new FakeUpstream({ acceptedKeys: [goodKey, secondKey] }).start();
  server = await startTestServer(
    { commerce: { prices: { 'live-model': { input: 1, output: 2 } } } },
    { KAIYUAN_ADMIN_TOKEN: adminToken },
  );
  const { key } = await provisionKey(server);
  client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: key, maxRetries: 0 });
});

afterAll(async () => {
  await server?.close();
  await upstream?.close();
});

describe('channels at run time', () => {
  it('adds a channel that serves its model at once, with keys shown masked only', async () => {
    const created = await admin('POST', '/admin/v1/channels', {
      name: 'fake-one',
      baseUrl: upstream.url,
      apiKeys: [goodKey],
      models: [{ name: 'live-model', upstream: 'fake-upstream-id', cost: { currency: 'CNY', input: 50, output: 150 } }],
      tags: ['cn'],
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      name: 'fake-one',
      source: 'live',
      read_only: false,
      keys: [{ hint: 'sk-…cdef', status: 'active' }],
      models: [{ name: 'live-model', upstream: 'fake-upstream-id', deployment: 'live-model@fake-one' }],
    });
    expect(created.text).not.toContain(goodKey);
    const answer = await ask('live-model');
    expect(answer.choices[0]!.message.content).toContain('t0');
    expect(upstream.keysSeen.at(-1)).toBe(goodKey);

    const listed = await admin('GET', '/admin/v1/channels');
    expect(listed.text).not.toContain(goodKey);
    const names = listed.json.data.map((channel: { name: string; read_only: boolean }) => [
      channel.name,
      channel.read_only,
    ]);
    expect(names).toEqual(
      expect.arrayContaining([
        ['fake-one', false],
        ['simulator', true],
      ]),
    );
    const models = await client.models.list();
    expect(models.data.map((model) => model.id)).toContain('live-model');
  });

  it('refuses a duplicate name, a read-only channel and an unpriced new model with clear messages', async () => {
    const duplicate = await admin('POST', '/admin/v1/channels', {
      name: 'simulator',
      baseUrl: upstream.url,
      models: [{ name: 'sim-chat' }],
    });
    expect(duplicate.status).toBe(409);
    const readOnly = await admin('PATCH', '/admin/v1/channels/simulator', { enabled: false });
    expect(readOnly.status).toBe(403);
    expect(readOnly.json.error.message).toContain('read-only');
    const unpriced = await admin('POST', '/admin/v1/channels', {
      name: 'unpriced',
      baseUrl: upstream.url,
      models: [{ name: 'nobody-priced-this' }],
    });
    expect(unpriced.status).toBe(400);
    expect(unpriced.json.error.message).toContain('has no price');
    const badPreset = await admin('POST', '/admin/v1/channels', {
      name: 'bad-preset',
      preset: 'nope',
      models: [{ name: 'live-model' }],
    });
    expect(badPreset.status).toBe(400);
    expect(badPreset.json.error.message).toContain('deepseek');
  });

  it('tests a channel: latency and the upstream model list, and a clear error for a wrong key', async () => {
    const passed = await admin('POST', '/admin/v1/channels/fake-one/test', {});
    expect(passed.status).toBe(200);
    expect(passed.json).toMatchObject({ ok: true, model: 'live-model', upstream_models: ['fake'], error: null });
    expect(passed.json.latency_ms).toBeGreaterThanOrEqual(0);

    await admin('POST', '/admin/v1/channels', {
      name: 'wrong-key',
      baseUrl: upstream.url,
      apiKeys: [badKey],
      models: [{ name: 'live-model' }],
    });
    const failed = await admin('POST', '/admin/v1/channels/wrong-key/test', {});
    expect(failed.json.ok).toBe(false);
    expect(failed.json.error.code).toBe('upstream_key_rejected');
    expect(failed.json.error.message).toContain('refused the key sk-…aaaa (401)');
    expect(failed.text).not.toContain(badKey);
    expect((await admin('DELETE', '/admin/v1/channels/wrong-key')).status).toBe(204);
  });

  it('spreads calls over several keys and takes a refused key out without failing the request', async () => {
    const patched = await admin('PATCH', '/admin/v1/channels/fake-one', { apiKeys: [badKey, goodKey, secondKey] });
    expect(patched.status).toBe(200);
    expect(patched.json.keys.map((key: { hint: string }) => key.hint)).toEqual(['sk-…aaaa', 'sk-…cdef', 'sk-…dcba']);
    upstream.keysSeen.length = 0;
    for (let index = 0; index < 6; index++) await ask('live-model');
    expect(upstream.keysSeen.filter((key) => key === badKey)).toHaveLength(1);
    expect(new Set(upstream.keysSeen.filter((key) => key !== badKey))).toEqual(new Set([goodKey, secondKey]));
    const view = await admin('GET', '/admin/v1/channels/fake-one');
    expect(view.json.keys[0]).toMatchObject({ hint: 'sk-…aaaa', status: 'rejected' });
    expect(view.json.state.circuit).toBe('closed');
  });

  it('disables, re-enables and deletes a channel without a restart', async () => {
    await admin('PATCH', '/admin/v1/channels/fake-one', { enabled: false });
    const refused = await ask('live-model').catch((error) => error);
    expect(refused.status).toBe(503);
    await admin('PATCH', '/admin/v1/channels/fake-one', { enabled: true });
    expect((await ask('live-model')).choices[0]!.message.content).toBeTruthy();
    expect((await admin('DELETE', '/admin/v1/channels/fake-one')).status).toBe(204);
    const gone = await ask('live-model').catch((error) => error);
    expect(gone.status).toBe(404);
  });

  it('is managed from the CLI, keys read from a variable the command names', async () => {
    const cli = (...args: string[]) =>
      run(process.execPath, [path.resolve('bin/kaiyuan.js'), ...args, '--url', server.url, '--token', adminToken], {
        env: { ...process.env, CLI_UPSTREAM_KEY: secondKey },
      });
    const added = await cli(
      'channels',
      'add',
      '--name',
      'from-cli',
      '--base-url',
      upstream.url,
      '--api-key-env',
      'CLI_UPSTREAM_KEY',
      '--model',
      'live-model=cli-upstream-id',
      '--cost-input',
      '0.5',
      '--cost-output',
      '1.5',
      '--currency',
      'CNY',
    );
    expect(added.stdout).toContain("added channel 'from-cli': live-model; keys sk-…dcba");
    const listed = await cli('channels', 'list', '--json');
    const channel = JSON.parse(listed.stdout).find((candidate: { name: string }) => candidate.name === 'from-cli');
    expect(channel.models[0]).toMatchObject({
      upstream: 'cli-upstream-id',
      cost: { currency: 'CNY', input: 50, output: 150 },
    });
    expect(listed.stdout).not.toContain(secondKey);
    const tested = await cli('channels', 'test', 'from-cli');
    expect(tested.stdout).toMatch(/^ok: live-model answered in \d+ ms/);
    const missing = await cli(
      'channels',
      'add',
      '--name',
      'x',
      '--base-url',
      upstream.url,
      '--api-key-env',
      'NOT_SET_ANYWHERE',
      '--model',
      'live-model',
    ).catch((error) => error);
    expect(missing.stderr).toContain('NOT_SET_ANYWHERE (--api-key-env) is not set');
    await cli('channels', 'remove', 'from-cli');
    expect((await admin('GET', '/admin/v1/channels/from-cli')).status).toBe(404);
  }, 180_000);

  it('records every change in the audit trail with keys masked, and exports it', async () => {
    const trail = await admin('GET', '/admin/v1/audit?targetType=channel');
    const actions = trail.json.data.map(
      (entry: { action: string; target_id: string }) => `${entry.action}:${entry.target_id}`,
    );
    expect(actions).toEqual(
      expect.arrayContaining(['channel.create:fake-one', 'channel.update:fake-one', 'channel.delete:fake-one']),
    );
    expect(trail.json.data[0].actor).toBe('admin-token');
    const exported = await admin('GET', '/admin/v1/audit?format=jsonl');
    expect(exported.text.trim().split('\n').length).toBeGreaterThanOrEqual(4);
    for (const secret of [goodKey, secondKey, badKey]) {
      expect(trail.text).not.toContain(secret);
      expect(exported.text).not.toContain(secret);
    }
  });

  it('keeps no upstream key in plain text in the data directory (database, WAL)', () => {
    const dataDir = server.platform.config.dataDir;
    const files = readdirSync(dataDir, { recursive: true, encoding: 'utf8' })
      .map((file) => path.join(dataDir, file))
      .filter((file) => statSync(file).isFile());
    expect(files.some((file) => file.endsWith('.db') || file.endsWith('.sqlite'))).toBe(true);
    for (const file of files) {
      const bytes = readFileSync(file);
      for (const secret of [goodKey, secondKey, badKey]) expect(bytes.includes(secret)).toBe(false);
    }
  });
});
