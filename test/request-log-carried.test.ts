import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestLogEntry } from '../src/api-contract/request-log.ts';
import type { RunningServer } from '../src/main.ts';
import type { RequestLog } from '../src/observability/request-log.ts';
import { provisionKey } from './support/provision.ts';
import { chatCompletion, requestLogEntries, startRequestLogServer } from './support/request-log-server.ts';

/**
 * Decision 047: a metered request's log entry is carried by its usage record (no request_log row);
 * requests the record does not describe whole (failed upstream, refused, a fallback model's) keep a
 * row of their own. The API shows both alike.
 */
const adminToken = 'test-admin-token-request-log-carried-0123';
let server: RunningServer;
let key: string;
let orgId: string;

beforeAll(async () => {
  server = await startRequestLogServer(adminToken, {});
  ({ key, orgId } = await provisionKey(server, { orgName: 'carried', topUp: 1 }));
});
afterAll(async () => server?.close());

function chat(body: object) {
  return chatCompletion(server, key, 'Carry me.', body, { 'x-client-request-id': 'client-side-id-1' });
}

function entriesOf(requestId: string): Promise<RequestLogEntry[]> {
  return requestLogEntries(server, requestId, adminToken);
}

async function rowsOf(requestId: string) {
  // Every row queued so far written: a carried request must have none.
  await (server.platform.services.requestLogSink as RequestLog).drain();
  return server.platform.store.db.selectFrom('request_log').select('id').where('request_id', '=', requestId).execute();
}

describe('request log entries carried by usage records', () => {
  it('logs a served request, plain or streamed, on its usage record alone, with every field of the log', async () => {
    const plain = await chat({});
    expect(plain.status).toBe(200);
    const answer = (await plain.json()) as { usage: { prompt_tokens: number; completion_tokens: number } };
    const requestId = plain.headers.get('x-request-id')!;
    const [entry] = await entriesOf(requestId);
    expect(entry).toMatchObject({
      requestId,
      clientRequestId: 'client-side-id-1',
      orgId,
      orgName: 'carried',
      model: 'costed-chat',
      endpoint: 'chat',
      status: 'completed',
      httpStatus: 200,
      attempts: 1,
      channel: 'simulator',
      deploymentId: 'costed-chat@simulator',
      deploymentsTried: ['costed-chat@simulator'],
      promptTokens: answer.usage.prompt_tokens,
      completionTokens: answer.usage.completion_tokens,
      funding: 'balance',
      clientIp: '127.0.0.1',
    });
    expect(entry!.id.startsWith('rl_')).toBe(true);
    expect(entry!.priceNano).toBe(answer.usage.prompt_tokens * 1000 + answer.usage.completion_tokens * 2000);
    expect(entry!.upstreamCostNano).toBe(answer.usage.prompt_tokens * 500 + answer.usage.completion_tokens * 1000);
    expect(await rowsOf(requestId)).toEqual([]);
    const record = await server.platform.store.db
      .selectFrom('usage_records')
      .select(['log_http_status', 'log_client_ip'])
      .where('request_id', '=', requestId)
      .executeTakeFirstOrThrow();
    expect(record).toEqual({ log_http_status: 200, log_client_ip: '127.0.0.1' });

    const streamed = await chat({ stream: true });
    expect(streamed.status).toBe(200);
    expect(await streamed.text()).toContain('[DONE]');
    const streamId = streamed.headers.get('x-request-id')!;
    const [streamEntry] = await entriesOf(streamId);
    expect(streamEntry).toMatchObject({ status: 'completed', httpStatus: 200, channel: 'simulator' });
    expect(streamEntry!.completionTokens).toBeGreaterThan(0);
    expect(await rowsOf(streamId)).toEqual([]);
  });

  it('keeps failed and refused requests in rows of their own, listed with the carried ones newest first', async () => {
    const served = (await chat({})).headers.get('x-request-id')!;
    const failed = await chat({ model: 'broken-chat' });
    expect(failed.status).toBeGreaterThanOrEqual(500);
    const failedId = failed.headers.get('x-request-id')!;
    const [failedEntry] = await entriesOf(failedId);
    expect(failedEntry).toMatchObject({ status: 'failed', httpStatus: failed.status, clientIp: '127.0.0.1' });
    expect(await rowsOf(failedId)).toHaveLength(1);
    const unknown = await chat({ model: 'no-such-model' });
    expect(unknown.status).toBe(404);
    const unknownId = unknown.headers.get('x-request-id')!;
    await entriesOf(unknownId);
    expect(await rowsOf(unknownId)).toHaveLength(1);

    const response = await fetch(`${server.url}/admin/v1/request-log?orgId=${orgId}&limit=3`, {
      headers: { authorization: `Bearer ${adminToken}` },
    });
    const newest = ((await response.json()) as { data: RequestLogEntry[] }).data;
    expect(newest.map((entry) => entry.requestId)).toEqual([unknownId, failedId, served]);
    const errors = await fetch(`${server.url}/admin/v1/request-log?orgId=${orgId}&errorsOnly=true`, {
      headers: { authorization: `Bearer ${adminToken}` },
    });
    const errorIds = ((await errors.json()) as { data: RequestLogEntry[] }).data.map((entry) => entry.requestId);
    expect(errorIds).toEqual([unknownId, failedId]);
  });
});
