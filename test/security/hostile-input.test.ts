/**
 * The findings of the attack run, one test each: what a client sends (with a key, or without one)
 * is answered with a 4xx in the protocol's shape and never takes the server down.
 */
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/main.ts';
import { provisionKey } from '../support/provision.ts';
import { startTestServer } from '../support/test-server.ts';
import { createTestDatabaseUrl, dropTestDatabase, storeKinds } from '../support/test-store.ts';

interface Answer {
  status: number;
  body: { error?: { message: string; type: string; code: string; param: string | null } } & Record<string, unknown>;
  headers: Headers;
}

function nested(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}

describe.each(storeKinds)('hostile input on %s', (kind) => {
  let server: RunningServer;
  let key = '';
  let databaseUrl = '';

  async function send(method: string, path: string, body?: string, headers: Record<string, string> = {}) {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body,
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : {}, headers: response.headers } as Answer;
  }

  beforeAll(async () => {
    if (kind === 'postgres') databaseUrl = await createTestDatabaseUrl();
    server = await startTestServer(kind === 'postgres' ? { database: { url: databaseUrl } } : {});
    key = (await provisionKey(server, { key: { role: 'owner' } })).key;
  });

  afterAll(async () => {
    await server?.close();
    if (databaseUrl) await dropTestDatabase(databaseUrl);
  });

  it('1: a recipe nested 5,000 levels deep (or full of aliases) answers 400 and the server stays up', async () => {
    const deep = JSON.stringify({ recipe: `operators: ${nested(5_000)}` });
    for (let attempt = 0; attempt < 5; attempt++) {
      const answer = await send('POST', '/v1/datasets/recipes/validate', deep);
      expect(answer.status).toBe(400);
      expect(answer.body.error!.code).toBe('recipe_too_large');
    }
    const aliases = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let level = 1; level < 9; level++)
      aliases.push(
        `${String.fromCharCode(97 + level)}: &${String.fromCharCode(97 + level)} [${Array(9)
          .fill(`*${String.fromCharCode(96 + level)}`)
          .join(', ')}]`,
      );
    const laughs = await send('POST', '/v1/datasets/recipes/validate', JSON.stringify({ recipe: aliases.join('\n') }));
    expect(laughs.status).toBe(400);
    const fine = await send(
      'POST',
      '/v1/datasets/recipes/validate',
      JSON.stringify({ recipe: 'operators:\n  - exact_dedup: {}\n' }),
    );
    expect(fine.status).toBe(200);
  });

  it('3 and 11: without a credential the answer is 401 before the body is read, and the connection is closed', async () => {
    for (const path of ['/v1/chat/completions', '/v1/datasets', '/admin/v1/organizations']) {
      const started = Date.now();
      const result = await new Promise<{ status: number; connection: string | undefined }>((resolve, reject) => {
        const request = httpRequest(`${server.url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': String(30 * 1024 * 1024) },
        });
        request.on('response', (response) => {
          response.resume();
          resolve({ status: response.statusCode!, connection: response.headers.connection });
          request.destroy();
        });
        request.on('error', reject);
        // Only the first kilobyte of the announced 30 MB is ever sent: the answer cannot wait for the rest.
        request.write('{"model":"sim-chat","messages":[' + ' '.repeat(1024));
      });
      expect(result.status, path).toBe(401);
      expect(result.connection, path).toBe('close');
      expect(Date.now() - started).toBeLessThan(5_000);
    }
    // A body that is invalid and no credential: the credential is checked first (401, not 400).
    const noKey = await send('POST', '/v1/datasets', '{"name": 5}', { authorization: '' });
    expect(noKey.status).toBe(401);
    expect(noKey.body.error!.type).toBe('authentication_error');
    const badKey = await send('POST', '/v1/chat/completions', '{', { authorization: 'Bearer sk-ky-wrong' });
    expect(badKey.status).toBe(401);
  });

  it('3: routes without authentication read only a small body', async () => {
    const login = await send(
      'POST',
      '/console/api/auth/login',
      JSON.stringify({ email: 'a@example.com', password: 'x'.repeat(200_000) }),
      { authorization: '' },
    );
    expect(login.status).toBe(413);
    expect(login.body.error!.code).toBe('request_too_large');
  });

  it('4: JSON nested 5,000 levels deep answers 400 in every field and never counts against the deployment', async () => {
    const deep = nested(5_000);
    const bodies = [
      `{"model":"sim-chat","messages":[{"role":"user","content":${deep}}]}`,
      `{"model":"sim-chat","prompt":${deep}}`,
      `{"model":"sim-embed","input":${deep}}`,
      `{"model":"sim-chat","messages":[{"role":"user","content":"hi"}],"metadata":${deep}}`,
    ];
    const paths = ['/v1/chat/completions', '/v1/completions', '/v1/embeddings', '/v1/chat/completions'];
    for (const [index, body] of bodies.entries()) {
      const answer = await send('POST', paths[index]!, body);
      expect(answer.status).toBe(400);
      expect(answer.body.error).toMatchObject({ type: 'invalid_request_error', code: 'json_too_deep' });
    }
    const admin = await send('POST', '/v1/datasets', `{"name":"deep","description":${deep}}`);
    expect(admin.status).toBe(400);
    expect(admin.body.error!.code).toBe('json_too_deep');
    const deployments = server.platform.services.modelAdmin!.listDeployments();
    for (const deployment of deployments) expect(JSON.stringify(deployment)).not.toContain('call stack');
    const chat = await send(
      'POST',
      '/v1/chat/completions',
      '{"model":"sim-chat","messages":[{"role":"user","content":"hi"}]}',
    );
    expect(chat.status).toBe(200);
  });

  it('5: a NUL or a lone surrogate in stored text answers 400 before the store', async () => {
    for (const body of [
      '{"name":"bad\\u0000name"}',
      '{"name":"ok","description":"a\\u0000b"}',
      '{"name":"half \\ud800 surrogate"}',
    ]) {
      const answer = await send('POST', '/v1/datasets', body);
      expect(answer.status, body).toBe(400);
      expect(answer.body.error!.code).toBe('invalid_text');
    }
    const login = await send(
      'POST',
      '/console/api/auth/login',
      '{"email":"a\\u0000@example.com","password":"whatever1"}',
      { authorization: '' },
    );
    expect(login.status).toBe(400);
    const query = await send('GET', '/v1/jobs?type=a%00b');
    expect(query.status).toBe(400);
    const pair = await send('POST', '/v1/datasets', '{"name":"pair-ok","description":"emoji \\ud83d\\ude00 ok"}');
    expect(pair.status, JSON.stringify(pair.body)).toBe(201);
  });

  it('8: paths are decoded once; 5xx bodies carry no internal text', async () => {
    const model = await send('GET', '/v1/models/%25');
    expect(model.status).toBe(404);
    expect(model.body.error!.code).toBe('model_not_found');
    const adminToken = server.platform.config.secrets.adminToken!;
    const removed = await send('DELETE', '/admin/v1/models/%25', undefined, { authorization: `Bearer ${adminToken}` });
    expect(removed.status).toBeLessThan(500);
    const slash = await send('GET', '/v1/models/sim%2Dchat');
    expect(slash.status).toBe(200);
  });

  it('9: logout without the CSRF header is refused when the CSRF cookie is missing', async () => {
    const answer = await send('POST', '/console/api/auth/logout', '{}', {
      authorization: '',
      cookie: 'ky_session=some-session-token',
    });
    expect(answer.status).toBe(403);
    expect(answer.body.error!.code).toBe('csrf_failed');
  });

  it('13: requests that can never be served answer 400, not 429 "try again"', async () => {
    const free = (await provisionKey(server, { plan: 'free', topUp: 0 })).key;
    const ask = (extra: object, who = free) =>
      send(
        'POST',
        '/v1/chat/completions',
        JSON.stringify({ model: 'sim-chat', messages: [{ role: 'user', content: 'hi' }], ...extra }),
        { authorization: `Bearer ${who}` },
      );
    const huge = await ask({ max_tokens: 1e18 });
    expect(huge.status).toBe(400);
    expect(huge.body.error).toMatchObject({ type: 'invalid_request_error', param: 'max_tokens' });
    // Within the model's window but above the free plan's 20,000 tokens a minute: no wait would help.
    const overPlan = await ask({ max_tokens: 30_000 });
    expect(overPlan.status).toBe(400);
    expect(overPlan.body.error!.code).toBe('request_exceeds_limit');
    const longPrompt = await ask({ messages: [{ role: 'user', content: '字'.repeat(70_000) }] }, key);
    expect(longPrompt.status).toBe(400);
    expect(longPrompt.body.error!.code).toBe('context_length_exceeded');
    expect((await ask({ max_tokens: 16 })).status).toBe(200);
  });
});

describe('a client that leaves early', () => {
  let slow: RunningServer;
  beforeAll(async () => {
    slow = await startTestServer({ simulator: { enabled: true, options: { latencyMs: 0, tokensPerSecond: 50 } } });
  });
  afterAll(async () => slow?.close());

  it('7: a client that leaves before a non-streamed answer is recorded as disconnected, not as an error', async () => {
    const slowKey = (await provisionKey(slow)).key;
    const controller = new AbortController();
    const pending = fetch(`${slow.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${slowKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'sim-chat',
        messages: [{ role: 'user', content: 'a long story please' }],
        max_tokens: 400,
      }),
      signal: controller.signal,
    }).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 150));
    controller.abort();
    await pending;
    let statuses: string[] = [];
    for (let wait = 0; wait < 50 && !statuses.includes('client_disconnected'); wait++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const rows = await slow.platform.store.db.selectFrom('usage_records').select(['status', 'error_code']).execute();
      statuses = rows.map((row) => `${row.status}`);
    }
    expect(statuses).toContain('client_disconnected');
    expect(statuses).not.toContain('failed');
  });
});
