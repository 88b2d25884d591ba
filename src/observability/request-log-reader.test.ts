import { afterEach, describe, expect, it } from 'vitest';
import { createTestStore, storeKinds } from '../../test/support/test-store.ts';
import { usageRecord } from '../../test/support/usage-record.ts';
import { adminPrincipal } from '../accounts/authenticator.ts';
import type { Principal } from '../accounts/principal.ts';
import type { Store } from '../store/database.ts';
import type { RequestLogTable } from '../store/schema/request-log-tables.ts';
import { RequestLogReader } from './request-log-reader.ts';
import { clearedThroughSetting, pruneRequestLog } from './request-log-pruner.ts';
import { SettingsRepository } from '../store/settings-repository.ts';

const day = 86_400_000;
const start = Date.UTC(2026, 11, 1);

const operator = adminPrincipal;
const member: Principal = {
  ...adminPrincipal,
  kind: 'session',
  role: 'member',
  orgId: 'org_1',
  routingOverrides: false,
};

/** A time-ordered id as the gateway makes them: `prefix_` + 9 base-36 digits of ms + a random tail. */
function idAt(prefix: string, time: number, tail: string): string {
  return `${prefix}_${time.toString(36).padStart(9, '0')}${tail}`;
}

/** A request whose entry its usage record carries (decision 047). */
function carriedRecord(time: number, tail: string, orgId = 'org_1') {
  return {
    ...usageRecord(idAt('req', time, tail), 700),
    org_id: orgId,
    created_at: time,
    upstream_cost: 300,
    log_http_status: 200,
    log_attempts: 2,
    log_deployments_tried: 'a@p,b@p',
    log_error_detail: null,
    log_client_request_id: `client-${tail}`,
    log_client_ip: '203.0.113.9',
  };
}

/** A row of the log's own (a refusal, or a request that failed upstream). */
function ownRow(time: number, tail: string, status: string, httpStatus: number, orgId = 'org_1'): RequestLogTable {
  return {
    id: idAt('rl', time, tail),
    request_id: idAt('req', time, tail),
    client_request_id: null,
    created_at: time,
    org_id: orgId,
    key_id: 'key_1',
    user_id: null,
    endpoint: 'chat',
    model: 'sim-chat',
    channel: null,
    deployment_id: null,
    deployments_tried: null,
    status,
    http_status: httpStatus,
    error_code: status === 'completed' ? null : 'upstream_error',
    error_detail: status === 'completed' ? null : 'the upstream said no',
    latency_ms: 3,
    ttft_ms: null,
    attempts: 1,
    prompt_tokens: 0,
    cached_tokens: 0,
    completion_tokens: 0,
    reasoning_tokens: 0,
    upstream_cost: null,
    client_ip: null,
  };
}

describe.each(storeKinds)('the request log reader on %s', (kind) => {
  let store: Store;
  afterEach(async () => store?.close());

  async function seed(): Promise<void> {
    store = await createTestStore(kind);
    await store.db
      .insertInto('usage_records')
      .values([
        carriedRecord(start + 1_000, 'AAAAaaaa'),
        carriedRecord(start + 3_000, 'CCCCcccc'),
        carriedRecord(start + 5_000, 'EEEEeeee', 'org_2'),
        // A record without an entry (written before decision 047, or pruned): not in the log.
        { ...usageRecord(idAt('req', start + 6_000, 'FFFFffff'), 1), created_at: start + 6_000 },
      ])
      .execute();
    await store.db
      .insertInto('request_log')
      .values([ownRow(start + 2_000, 'BBBBbbbb', 'failed', 502), ownRow(start + 4_000, 'DDDDdddd', 'refused', 429)])
      .execute();
  }

  it('lists both kinds of entry newest first, pages through them once, and filters both alike', async () => {
    await seed();
    const reader = new RequestLogReader(store, 30, () => start + day);
    const all = await reader.list(operator, {});
    expect(all.map((entry) => [entry.status, entry.httpStatus, entry.orgId])).toEqual([
      ['completed', 200, 'org_2'],
      ['refused', 429, 'org_1'],
      ['completed', 200, 'org_1'],
      ['failed', 502, 'org_1'],
      ['completed', 200, 'org_1'],
    ]);
    const carried = all[2]!;
    expect(carried).toMatchObject({
      id: idAt('rl', start + 3_000, 'CCCCcccc'),
      requestId: idAt('req', start + 3_000, 'CCCCcccc'),
      clientRequestId: 'client-CCCCcccc',
      createdAt: start + 3_000,
      keyId: 'key_1',
      endpoint: 'chat',
      model: 'sim-chat',
      attempts: 2,
      promptTokens: 10,
      completionTokens: 20,
      priceNano: 700,
      chargedNano: 700,
      funding: 'balance',
      clientIp: '203.0.113.9',
      channel: 'p',
      deploymentId: 'd',
      deploymentsTried: ['a@p', 'b@p'],
      upstreamCostNano: 300,
    });

    // Pages of two: every entry once, in the same order.
    const paged = [];
    let before: string | undefined;
    for (;;) {
      const page = await reader.list(operator, { limit: 2, ...(before ? { before } : {}) });
      paged.push(...page);
      if (page.length < 2) break;
      before = page.at(-1)!.id;
    }
    expect(paged.map((entry) => entry.id)).toEqual(all.map((entry) => entry.id));

    // An organization sees its own entries, without the operator's fields.
    const own = await reader.list(member, {});
    expect(own.map((entry) => entry.createdAt)).toEqual([start + 4_000, start + 3_000, start + 2_000, start + 1_000]);
    expect(own[1]).not.toHaveProperty('channel');
    expect(own[1]).not.toHaveProperty('upstreamCostNano');

    const ids = async (query: Parameters<RequestLogReader['list']>[1]) =>
      (await reader.list(operator, query)).map((entry) => entry.createdAt - start);
    expect(await ids({ errorsOnly: true })).toEqual([4_000, 2_000]);
    expect(await ids({ status: 'completed' })).toEqual([5_000, 3_000, 1_000]);
    expect(await ids({ httpStatus: 200, orgId: 'org_1' })).toEqual([3_000, 1_000]);
    expect(await ids({ from: start + 2_000, to: start + 5_000 })).toEqual([4_000, 3_000, 2_000]);
    expect(await ids({ channel: 'p' })).toEqual([5_000, 3_000, 1_000]);
    expect(await ids({ requestId: idAt('req', start + 1_000, 'AAAAaaaa') })).toEqual([1_000]);
    await expect(reader.get(operator, idAt('req', start + 3_000, 'CCCCcccc'))).resolves.toHaveLength(1);
    await expect(reader.get(member, idAt('req', start + 5_000, 'EEEEeeee'))).rejects.toMatchObject({ status: 404 });

    // Past the retention, a carried entry the prune job has not cleared yet is not looked for.
    const later = new RequestLogReader(store, 30, () => start + 30 * day + 2_500);
    expect((await later.list(operator, { status: 'completed' })).map((entry) => entry.createdAt - start)).toEqual([
      5_000, 3_000,
    ]);
  });

  it('walks a long history without entries a batch at a time, and reads on past it later', async () => {
    store = await createTestStore(kind);
    // Records from before decision 047 (no entries), all past the retention.
    const history = Array.from({ length: 8 }, (_, index) => ({
      ...usageRecord(idAt('req', start + index * 1_000, `old${index}`), 1),
      created_at: start + index * 1_000,
    }));
    await store.db.insertInto('usage_records').values(history).execute();
    const settings = { retentionDays: 30, bodyRetentionDays: 7, now: start + 31 * day, pauseMs: 0, batchSize: 3 };
    const stored = new SettingsRepository(store);
    expect(await pruneRequestLog(store, settings)).toEqual({ rows: 0, bodies: 0, carried: 0 });
    // Examined in batches of 3 to the last record, and that point kept: no run reads them again.
    expect(await stored.get(clearedThroughSetting)).toBe(history.at(-1)!.request_id);
    await store.db
      .insertInto('usage_records')
      .values(carriedRecord(start + 9_000, 'last'))
      .execute();
    expect(await pruneRequestLog(store, settings)).toEqual({ rows: 0, bodies: 0, carried: 1 });
    const cleared = await store.db
      .selectFrom('usage_records')
      .select('log_http_status')
      .where('request_id', '=', idAt('req', start + 9_000, 'last'))
      .executeTakeFirstOrThrow();
    expect(cleared.log_http_status).toBeNull();
    expect(await stored.get(clearedThroughSetting)).toBe(idAt('req', start + 9_000, 'last'));
  });

  it('prunes carried entries by clearing their fields, keeping the usage records', async () => {
    await seed();
    const reader = new RequestLogReader(store, 30, () => start + day);
    // Retention 30 days, 30 days and 2.5 s on: the entries of the first 2.5 s go.
    const now = start + 30 * day + 2_500;
    const result = await pruneRequestLog(store, { retentionDays: 30, bodyRetentionDays: 7, now, pauseMs: 0 });
    expect(result).toEqual({ rows: 1, bodies: 0, carried: 1 });
    expect((await reader.list(operator, {})).map((entry) => entry.createdAt - start)).toEqual([5_000, 4_000, 3_000]);
    const records = await store.db
      .selectFrom('usage_records')
      .select(['request_id', 'charged', 'log_http_status', 'log_client_ip'])
      .orderBy('request_id')
      .execute();
    expect(records).toHaveLength(4);
    expect(records[0]).toMatchObject({ log_http_status: null, log_client_ip: null });
    expect(Number(records[0]!.charged)).toBe(700);
    // Where it stopped is kept in the store: a run after a restart, or on another replica, reads on
    // from there. A record below that point is not read again (here one carrying a stale entry, put there by hand).
    const settings = new SettingsRepository(store);
    expect(await settings.get(clearedThroughSetting)).toBe(records[0]!.request_id);
    await store.db
      .insertInto('usage_records')
      .values(carriedRecord(start - 40 * day, 'stale'))
      .execute();
    // A later run clears what has aged since.
    const later = await pruneRequestLog(store, {
      retentionDays: 30,
      bodyRetentionDays: 7,
      now: now + 10_000,
      pauseMs: 0,
    });
    expect(later).toEqual({ rows: 1, bodies: 0, carried: 2 });
    expect(await reader.list(operator, {})).toEqual([]);
    const stale = await store.db
      .selectFrom('usage_records')
      .select('log_http_status')
      .where('request_id', '=', idAt('req', start - 40 * day, 'stale'))
      .executeTakeFirstOrThrow();
    expect(stale.log_http_status).toBe(200);
    // The point moved on to the last entry this run cleared.
    expect((await settings.get(clearedThroughSetting))! > records[0]!.request_id).toBe(true);
  });
});
