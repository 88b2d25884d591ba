import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestLogEntry } from '../src/api-contract/request-log.ts';
import type { RunningServer } from '../src/main.ts';
import { pruneRequestLog } from '../src/observability/request-log-pruner.ts';
import { provisionKey } from './support/provision.ts';
import { chatCompletion, requestLogEntries, startRequestLogServer } from './support/request-log-server.ts';

const run = promisify(execFile);
const adminToken = 'test-admin-token-request-log-0123456789';
let server: RunningServer;
let key: string;
let orgId: string;

beforeAll(async () => {
  server = await startRequestLogServer(adminToken, {
    unauthenticatedPerMinute: 3,
    bodies: { enabled: true, maxBytes: 256 },
  });
  ({ key, orgId } = await provisionKey(server, { orgName: 'logged', topUp: 1, key: { limits: { rpm: 1000 } } }));
});
afterAll(async () => server?.close());

function chat(apiKey: string, body: object) {
  return chatCompletion(server, apiKey, 'Log me, please.', body, { 'x-forwarded-for': '203.0.113.9' });
}

function logOf(requestId: string, token = adminToken): Promise<RequestLogEntry[]> {
  return requestLogEntries(server, requestId, token);
}

async function list(query: Record<string, string>, token = adminToken): Promise<RequestLogEntry[]> {
  const response = await fetch(`${server.url}/admin/v1/request-log?${new URLSearchParams(query)}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { data: RequestLogEntry[] }).data;
}

describe('the request log', () => {
  it('answers what happened to a served request: tokens, price, upstream cost, channel', async () => {
    const response = await chat(key, {});
    expect(response.status).toBe(200);
    const answer = (await response.json()) as { usage: { prompt_tokens: number; completion_tokens: number } };
    const [entry] = await logOf(response.headers.get('x-request-id')!);
    expect(entry).toMatchObject({
      orgId,
      orgName: 'logged',
      model: 'costed-chat',
      status: 'completed',
      httpStatus: 200,
      endpoint: 'chat',
      channel: 'simulator',
      deploymentId: 'costed-chat@simulator',
      deploymentsTried: ['costed-chat@simulator'],
      promptTokens: answer.usage.prompt_tokens,
      completionTokens: answer.usage.completion_tokens,
      funding: 'balance',
      attempts: 1,
    });
    const expectedPrice = answer.usage.prompt_tokens * 1000 + answer.usage.completion_tokens * 2000;
    expect(entry!.priceNano).toBe(expectedPrice);
    expect(entry!.chargedNano).toBe(expectedPrice);
    expect(entry!.upstreamCostNano).toBe(answer.usage.prompt_tokens * 500 + answer.usage.completion_tokens * 1000);
    // Bodies were enabled for every organization: the request is kept, the credential never.
    expect(entry!.requestBody).toContain('Log me, please.');
    expect(entry!.requestBody).not.toContain(key);
    expect(entry!.responseBody).toContain('chat.completion');
    expect(entry!.responseBody!.length).toBeLessThanOrEqual(260);
  });

  it('records a 402, a 429 and an upstream failure, and filters by status and error code', async () => {
    const poor = await provisionKey(server, { topUp: 0 });
    const refused = await chat(poor.key, {});
    expect(refused.status).toBe(402);
    const [broke] = await logOf(refused.headers.get('x-request-id')!);
    expect(broke).toMatchObject({
      status: 'refused',
      httpStatus: 402,
      errorCode: 'insufficient_quota',
      orgId: poor.orgId,
    });
    expect(broke!.price).toBeNull();

    const limited = await provisionKey(server, { key: { limits: { rpm: 1 } } });
    expect((await chat(limited.key, {})).status).toBe(200);
    const tooMany = await chat(limited.key, {});
    expect(tooMany.status).toBe(429);
    const [limitedEntry] = await logOf(tooMany.headers.get('x-request-id')!);
    expect(limitedEntry).toMatchObject({ status: 'refused', httpStatus: 429, errorCode: 'rate_limit_exceeded' });

    const failed = await chat(key, { model: 'broken-chat' });
    expect(failed.status).toBeGreaterThanOrEqual(500);
    const [failedEntry] = await logOf(failed.headers.get('x-request-id')!);
    expect(failedEntry).toMatchObject({ status: 'failed', model: 'broken-chat', httpStatus: failed.status });
    expect(failedEntry!.attempts).toBeGreaterThanOrEqual(1);
    expect(failedEntry!.deploymentsTried).toContain('broken-chat@broken');
    expect(failedEntry!.chargedNano ?? 0).toBe(0);
    expect(failedEntry!.errorDetail).toBeTruthy();

    const quota = await list({ errorCode: 'insufficient_quota' });
    expect(quota.map((entry) => entry.requestId)).toContain(broke!.requestId);
    expect(quota.every((entry) => entry.errorCode === 'insufficient_quota')).toBe(true);
    const errors = await list({ errorsOnly: 'true' });
    expect(errors.every((entry) => entry.status !== 'completed')).toBe(true);
    expect((await list({ channel: 'broken' })).every((entry) => entry.channel === 'broken')).toBe(true);
    const byModel = await list({ model: 'broken-chat', status: 'failed' });
    expect(byModel.map((entry) => entry.requestId)).toContain(failedEntry!.requestId);
  });

  it('shows an organization its own requests only, without operator fields', async () => {
    const ownFailure = await chat(key, { model: 'broken-chat' });
    const requestId = ownFailure.headers.get('x-request-id')!;
    await logOf(requestId);
    const own = await list({ limit: '1000' }, key);
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((entry) => entry.orgId === orgId)).toBe(true);
    const mine = own.find((entry) => entry.requestId === requestId)!;
    expect(mine.status).toBe('failed');
    for (const field of ['channel', 'deploymentId', 'deploymentsTried', 'upstreamCost', 'upstreamCostNano'])
      expect(mine).not.toHaveProperty(field);
    expect(mine.errorDetail).toBeNull();
    // Another organization's request is not found, and a channel filter is the operator's.
    const other = await provisionKey(server, {});
    const theirs = await chat(other.key, {});
    await logOf(theirs.headers.get('x-request-id')!);
    const hidden = await fetch(`${server.url}/admin/v1/request-log/${theirs.headers.get('x-request-id')}`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(hidden.status).toBe(404);
    const channelFilter = await fetch(`${server.url}/admin/v1/request-log?channel=simulator`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(channelFilter.status).toBe(403);
  });

  it('is read from the CLI: a filtered list and one request', async () => {
    const failed = await chat(key, { model: 'broken-chat' });
    const requestId = failed.headers.get('x-request-id')!;
    await logOf(requestId);
    const cli = (...args: string[]) =>
      run(process.execPath, [path.resolve('bin/kaiyuan.js'), ...args, '--url', server.url, '--token', adminToken]);
    const listed = await cli('logs', 'list', '--model', 'broken-chat', '--status', 'failed', '--json');
    const rows = JSON.parse(listed.stdout) as RequestLogEntry[];
    expect(rows.map((row) => row.requestId)).toContain(requestId);
    expect(rows.every((row) => row.model === 'broken-chat' && row.status === 'failed')).toBe(true);
    const table = await cli('logs', 'list', '--errors', '--limit', '5');
    expect(table.stdout.split('\n')[0]).toMatch(/^time\s+request\s+org\s+model/);
    const shown = await cli('logs', 'show', requestId);
    expect(JSON.parse(shown.stdout)).toMatchObject({ requestId, status: 'failed', channel: 'broken' });
  }, 120_000);

  it('pages with before and answers 400 on a bad filter', async () => {
    const first = await list({ limit: '2' });
    expect(first).toHaveLength(2);
    const next = await list({ limit: '2', before: first[1]!.id });
    expect(next[0]!.id < first[1]!.id).toBe(true);
    const bad = await fetch(`${server.url}/admin/v1/request-log?status=exploded`, {
      headers: { authorization: `Bearer ${adminToken}` },
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { type: string } }).error.type).toBe('invalid_request_error');
  });

  it('records a body the schema refuses (400) and a wrong key (401, capped, no credential kept)', async () => {
    const invalid = await chat(key, { messages: 'not a list' });
    expect(invalid.status).toBe(400);
    const [invalidEntry] = await logOf(invalid.headers.get('x-request-id')!);
    expect(invalidEntry).toMatchObject({
      status: 'refused',
      httpStatus: 400,
      orgId,
      model: 'costed-chat',
      endpoint: 'chat',
    });
    expect(invalidEntry!.keyId).toBeTruthy();
    expect(invalidEntry!.errorCode).toBeTruthy();

    const credential = 'sk-wrong-presented-credential-0123456789';
    const requestIds: string[] = [];
    for (let index = 0; index < 5; index++) {
      const refused = await chat(credential, {});
      expect(refused.status).toBe(401);
      requestIds.push(refused.headers.get('x-request-id')!);
    }
    const [first] = await logOf(requestIds[0]!);
    expect(first).toMatchObject({
      status: 'refused',
      httpStatus: 401,
      orgId: null,
      orgName: null,
      keyId: null,
      model: '',
    });
    expect(first!.errorCode).toBe('invalid_api_key');
    // Only three 401 rows a minute are kept (requestLog.unauthenticatedPerMinute: 3).
    await new Promise((resolve) => setTimeout(resolve, 200));
    const unauthenticated = await list({ httpStatus: '401' });
    expect(unauthenticated.filter((entry) => requestIds.includes(entry.requestId))).toHaveLength(3);
    // The credential presented is nowhere in the log.
    const rows = await server.platform.store.db.selectFrom('request_log').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(credential);
  });

  it('prunes rows and bodies past their retention and keeps the usage records', async () => {
    const store = server.platform.store;
    const count = async (table: 'request_log' | 'request_bodies' | 'usage_records') =>
      Number(
        (
          await store.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const usageBefore = await count('usage_records');
    const rowsBefore = await count('request_log');
    expect(rowsBefore).toBeGreaterThan(3);
    expect(await count('request_bodies')).toBeGreaterThan(0);
    // Bodies 7 days, rows 30 days: eight days on, only the bodies go; 31 days on, the rows too.
    const bodiesOnly = await pruneRequestLog(store, {
      retentionDays: 30,
      bodyRetentionDays: 7,
      now: Date.now() + 8 * 86_400_000,
      batchSize: 2,
      pauseMs: 0,
    });
    expect(bodiesOnly.rows).toBe(0);
    expect(bodiesOnly.bodies).toBeGreaterThan(0);
    expect(await count('request_bodies')).toBe(0);
    const all = await pruneRequestLog(store, {
      retentionDays: 30,
      bodyRetentionDays: 7,
      now: Date.now() + 31 * 86_400_000,
      batchSize: 3,
      pauseMs: 0,
    });
    expect(all.rows).toBeGreaterThanOrEqual(rowsBefore);
    expect(await count('request_log')).toBe(0);
    expect(await count('usage_records')).toBe(usageBefore);
  });
});
