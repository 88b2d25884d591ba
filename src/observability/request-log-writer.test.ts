import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../store/database.ts';
import type { RequestLogTable } from '../store/schema/request-log-tables.ts';
import { createTestStore, storeKinds } from '../../test/support/test-store.ts';
import { RequestLogWriter } from './request-log-writer.ts';

const silent = pino({ level: 'silent' });

function row(index: number, orgId = 'org_a'): RequestLogTable {
  return {
    id: `rl_${String(index).padStart(8, '0')}`,
    request_id: `req_${index}`,
    client_request_id: null,
    created_at: 1_700_000_000_000 + index,
    org_id: orgId,
    key_id: 'key_1',
    user_id: null,
    endpoint: 'chat',
    model: 'sim-chat',
    channel: 'simulator',
    deployment_id: 'sim-chat@simulator',
    deployments_tried: 'sim-chat@simulator',
    status: 'completed',
    http_status: 200,
    error_code: null,
    error_detail: null,
    latency_ms: 12,
    ttft_ms: 5,
    attempts: 1,
    prompt_tokens: 10,
    cached_tokens: 0,
    completion_tokens: 20,
    reasoning_tokens: 0,
    upstream_cost: 15_000,
    client_ip: '127.0.0.1',
  };
}

async function stored(store: Store): Promise<number> {
  const result = await store.db
    .selectFrom('request_log')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(result.n);
}

describe.each(storeKinds)('the request log writer on %s', (kind) => {
  let store: Store;
  afterEach(async () => store?.close());

  it('queues without touching the store, then writes the rows in batches', async () => {
    store = await createTestStore(kind);
    const writer = new RequestLogWriter(store, silent, { flushIntervalMs: 60_000, maxQueued: 10_000, chunkSize: 50 });
    for (let index = 0; index < 30; index++) writer.add(row(index));
    // Below a chunk and before the interval nothing is written: the request path never waits for the store.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await stored(store)).toBe(0);
    expect(writer.queued).toBe(30);
    // A full chunk is written without waiting for the interval.
    for (let index = 30; index < 120; index++) writer.add(row(index));
    await writer.drain();
    expect(await stored(store)).toBe(120);
    expect(writer.written).toBe(120);
    const sample = await store.db.selectFrom('request_log').selectAll().where('id', '=', row(7).id).executeTakeFirst();
    expect(Number(sample!.upstream_cost)).toBe(15_000);
  });

  it('stores every column of a row as it was given', async () => {
    store = await createTestStore(kind);
    const writer = new RequestLogWriter(store, silent, { flushIntervalMs: 60_000, maxQueued: 10 });
    const given: RequestLogTable = {
      ...row(1),
      client_request_id: 'client-1',
      user_id: 'user_1',
      status: 'failed',
      http_status: 502,
      error_code: 'upstream_error',
      error_detail: 'connection reset',
      attempts: 2,
      cached_tokens: 3,
      reasoning_tokens: 4,
      upstream_cost: null,
      client_ip: '10.0.0.9',
    };
    writer.add(given);
    await writer.drain();
    const stored = await store.db.selectFrom('request_log').selectAll().executeTakeFirstOrThrow();
    expect(stored).toEqual(given);
  });

  it('writes a full chunk after the call that filled it, never inside it (that call is a request settling)', async () => {
    store = await createTestStore(kind);
    const writer = new RequestLogWriter(store, silent, { flushIntervalMs: 60_000, maxQueued: 10_000, chunkSize: 10 });
    for (let index = 0; index < 10; index++) writer.add(row(index));
    expect(writer.written).toBe(0);
    expect(writer.queued).toBe(10);
    await new Promise((resolve) => setImmediate(resolve));
    await writer.drain();
    expect(await stored(store)).toBe(10);
  });

  it('writes on its timer and drops what exceeds the bound instead of growing', async () => {
    store = await createTestStore(kind);
    const writer = new RequestLogWriter(store, silent, { flushIntervalMs: 10, maxQueued: 5 });
    for (let index = 0; index < 8; index++) writer.add(row(index));
    expect(writer.dropped).toBe(3);
    for (let tries = 0; tries < 100 && (await stored(store)) < 5; tries++)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await stored(store)).toBe(5);
  });

  it('loses only a failed batch and keeps writing after it', async () => {
    store = await createTestStore(kind);
    const writer = new RequestLogWriter(store, silent, { flushIntervalMs: 60_000, maxQueued: 100 });
    writer.add(row(1));
    await writer.drain();
    writer.add(row(1)); // the same id again: the insert fails
    await writer.drain();
    expect(writer.dropped).toBe(1);
    writer.add(row(2));
    await writer.drain();
    expect(await stored(store)).toBe(2);
  });
});
