import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/main.ts';
import { provisionKey } from './support/provision.ts';
import { startTestServer } from './support/test-server.ts';

let server: RunningServer;
let key: string;
let orgId: string;

beforeAll(async () => {
  server = await startTestServer();
  ({ key, orgId } = await provisionKey(server, { orgName: 'metered', topUp: 1, key: { limits: { rpm: 1000 } } }));
});
afterAll(async () => server?.close());

const chat = (body: object, headers: Record<string, string> = {}) =>
  fetch(`${server.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify({
      model: 'sim-chat',
      messages: [{ role: 'user', content: 'Meter me exactly, please.' }],
      ...body,
    }),
  });

async function usageRecord(requestId: string) {
  const records = await server.platform.store.db
    .selectFrom('usage_records')
    .selectAll()
    .where('request_id', '=', requestId)
    .execute();
  expect(records).toHaveLength(1);
  return records[0]!;
}

describe('metering through the gateway', () => {
  it('bills a streamed answer exactly like the same answer unstreamed', async () => {
    const plain = await chat({}, { 'x-request-id': 'req_plain_1' });
    expect(plain.status).toBe(200);
    expect(plain.headers.get('x-ratelimit-limit-requests')).toBe('1000');
    expect(plain.headers.get('x-ratelimit-remaining-requests')).toBe('999');
    expect(plain.headers.get('x-ratelimit-reset-tokens')).toBeTruthy();
    const plainUsage = (await plain.json()).usage;

    const streamed = await chat(
      { stream: true, stream_options: { include_usage: true } },
      { 'x-request-id': 'req_stream_1' },
    );
    expect(streamed.status).toBe(200);
    const text = await streamed.text();
    expect(text.trim().endsWith('data: [DONE]')).toBe(true);
    const usageChunk = text
      .split('\n')
      .filter((line) => line.startsWith('data: {'))
      .map((line) => JSON.parse(line.slice(6)))
      .find((chunk) => chunk.usage);
    expect(usageChunk.usage).toEqual(plainUsage);

    // A stream without include_usage is metered all the same.
    const quiet = await chat({ stream: true }, { 'x-request-id': 'req_stream_2' });
    await quiet.text();

    const ids = [plain, streamed, quiet].map((response) => response.headers.get('x-request-id')!);
    expect([plain, streamed, quiet].map((response) => response.headers.get('x-client-request-id'))).toEqual([
      'req_plain_1',
      'req_stream_1',
      'req_stream_2',
    ]);
    const [a, b, c] = [await usageRecord(ids[0]!), await usageRecord(ids[1]!), await usageRecord(ids[2]!)];
    for (const record of [b, c]) {
      expect(record).toMatchObject({
        org_id: orgId,
        prompt_tokens: a.prompt_tokens,
        completion_tokens: a.completion_tokens,
        cost: a.cost,
        charged: a.charged,
        status: 'completed',
      });
    }
    expect(a.prompt_tokens).toBe(plainUsage.prompt_tokens);
    expect(a.completion_tokens).toBe(plainUsage.completion_tokens);
    expect(a.cost).toBe(plainUsage.prompt_tokens * 1000 + plainUsage.completion_tokens * 2000);
  });

  it('bills every request, also when a client sends the same x-request-id twice', async () => {
    const first = await chat({}, { 'x-request-id': 'reused-id' });
    const second = await chat({}, { 'x-request-id': 'reused-id' });
    const [one, two] = [first.headers.get('x-request-id')!, second.headers.get('x-request-id')!];
    expect(one).not.toBe(two);
    for (const id of [one, two]) expect(Number((await usageRecord(id)).charged)).toBeGreaterThan(0);
  });

  it('answers 401, 403, 402 and 429 in the OpenAI error shape', async () => {
    const unknown = await fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-ky-nope', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'sim-chat', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(unknown.status).toBe(401);
    expect((await unknown.json()).error.type).toBe('authentication_error');

    const broke = await provisionKey(server, { topUp: 0, key: { limits: { rpm: 2 } } });
    const poor = await fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${broke.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'sim-chat', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(poor.status).toBe(402);
    expect((await poor.json()).error.code).toBe('insufficient_quota');

    const limited = await provisionKey(server, { key: { limits: { rpm: 1 }, allowedModels: ['sim-chat'] } });
    const embedOnly = await provisionKey(server, { key: { allowedModels: ['sim-embed'] } });
    const call = (apiKey = limited.key) =>
      fetch(`${server.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'sim-chat', messages: [{ role: 'user', content: 'hi' }] }),
      });
    const notAllowed = await call(embedOnly.key);
    expect(notAllowed.status).toBe(403);
    expect((await notAllowed.json()).error.code).toBe('model_not_allowed');
    expect((await call()).status).toBe(200);
    const refused = await call();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await refused.json()).error.message).toContain('requests per minute (RPM) of this API key');
  });

  it('lets exactly 50 of 200 concurrent requests through a limit of 50 per minute (one process, memory counters)', async () => {
    const limited = await provisionKey(server, { key: { limits: { rpm: 50 } } });
    const responses = await Promise.all(
      Array.from({ length: 200 }, () =>
        fetch(`${server.url}/v1/chat/completions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${limited.key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'sim-chat', messages: [{ role: 'user', content: 'hi' }] }),
        }),
      ),
    );
    const statuses = responses.map((response) => response.status);
    await Promise.all(responses.map((response) => response.arrayBuffer()));
    expect(statuses.filter((status) => status === 200)).toHaveLength(50);
    expect(statuses.filter((status) => status === 429)).toHaveLength(150);
  });

  it('accepts the console session cookie on /v1 with the CSRF header, and records the operator unbilled', async () => {
    const setup = await fetch(`${server.url}/console/api/auth/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: 'owner@example.com',
        password: 'secret-password',
        name: 'Owner',
        orgName: 'Platform',
      }),
    });
    expect(setup.status).toBe(200);
    const cookies = setup.headers.getSetCookie().map((cookie) => cookie.split(';')[0]!);
    const csrf = cookies.find((cookie) => cookie.startsWith('ky_csrf='))!.split('=')[1]!;
    const playground = (headers: Record<string, string>) =>
      fetch(`${server.url}/v1/chat/completions`, {
        method: 'POST',
        headers: {
          cookie: cookies.join('; '),
          'content-type': 'application/json',
          'x-request-id': `req_console_${Object.keys(headers).length}`,
          ...headers,
        },
        body: JSON.stringify({
          model: 'sim-chat',
          stream: true,
          messages: [{ role: 'user', content: 'from the playground' }],
        }),
      });
    const withoutCsrf = await playground({});
    expect(withoutCsrf.status).toBe(403);
    expect((await withoutCsrf.json()).error.code).toBe('csrf_failed');
    const answer = await playground({ 'x-csrf-token': csrf });
    expect(answer.status).toBe(200);
    expect((await answer.text()).trimEnd().endsWith('data: [DONE]')).toBe(true);
    const record = await usageRecord(answer.headers.get('x-request-id')!);
    expect(record).toMatchObject({ funding: 'none', charged: 0, status: 'completed' });
    expect(Number(record.cost)).toBeGreaterThan(0);
  });
});
