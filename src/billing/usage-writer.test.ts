import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTestStore, storeKinds, type StoreKind } from '../../test/support/test-store.ts';
import type { Store } from '../store/database.ts';
import { usageRecord as record } from '../../test/support/usage-record.ts';
import { balanceBefore, Ledger, postLedgerEntry } from './ledger.ts';
import { SqliteUsageBatch } from './sqlite-usage-batch.ts';
import { UsageWriter } from './usage-writer.ts';

/** A migrated store where org_1 holds `balance`. */
async function storeWithBalance(kind: StoreKind, balance: number): Promise<Store> {
  const store = await createTestStore(kind);
  await store.db
    .insertInto('org_balances')
    .values({ org_id: 'org_1', balance, spent_total: 0, updated_at: 0 })
    .execute();
  return store;
}

describe.each(storeKinds)('UsageWriter on %s', (kind) => {
  let store: Store;
  afterEach(async () => store?.close());

  it('writes each request once, debits the ledger capped at the balance, and keeps the balance consistent', async () => {
    store = await storeWithBalance(kind, 1_000);
    const writer = new UsageWriter(store);
    const results = await Promise.all([
      writer.write({ record: record('req_a', 300), grantTokens: 0, grantPeriod: '' }),
      writer.write({ record: record('req_a', 300), grantTokens: 0, grantPeriod: '' }),
      writer.write({ record: record('req_b', 500), grantTokens: 0, grantPeriod: '' }),
      writer.write({ record: record('req_c', 900), grantTokens: 0, grantPeriod: '' }),
    ]);
    expect(results).toEqual([
      { written: true, charged: 300 },
      { written: false, charged: 300 },
      { written: true, charged: 500 },
      { written: true, charged: 200 },
    ]);
    const balance = await store.db.selectFrom('org_balances').selectAll().executeTakeFirstOrThrow();
    expect(Number(balance.balance)).toBe(0);
    expect(Number(balance.spent_total)).toBe(1_000);
    const entries = await store.db
      .selectFrom('ledger')
      .select(['id', 'kind', 'amount', 'balance_after', 'idempotency_key'])
      .orderBy('balance_after', 'desc')
      .execute();
    expect(
      entries.map((entry) => ({ ...entry, amount: Number(entry.amount), balance_after: Number(entry.balance_after) })),
    ).toEqual([
      { id: 'req_a', kind: 'usage_debit', amount: -300, balance_after: 700, idempotency_key: 'usage:req_a' },
      { id: 'req_b', kind: 'usage_debit', amount: -500, balance_after: 200, idempotency_key: 'usage:req_b' },
      { id: 'req_c', kind: 'usage_debit', amount: -200, balance_after: 0, idempotency_key: 'usage:req_c' },
    ]);
    // The debits are the usage records themselves: no row of their own.
    expect(await store.db.selectFrom('ledger_entries').select('id').execute()).toEqual([]);
    const usage = await store.db
      .selectFrom('usage_records')
      .select(['request_id', 'charged'])
      .orderBy('request_id')
      .execute();
    expect(usage.map((row) => [row.request_id, Number(row.charged)])).toEqual([
      ['req_a', 300],
      ['req_b', 500],
      ['req_c', 200],
    ]);
  });

  it('shows a debit capped to nothing as an entry of 0, and none for a request that was not billed', async () => {
    store = await storeWithBalance(kind, 0);
    const writer = new UsageWriter(store);
    expect(await writer.write({ record: record('req_empty', 300), grantTokens: 0, grantPeriod: '' })).toEqual({
      written: true,
      charged: 0,
    });
    expect(await writer.write({ record: record('req_free', 0), grantTokens: 0, grantPeriod: '' })).toEqual({
      written: true,
      charged: 0,
    });
    const entries = await store.db
      .selectFrom('ledger')
      .select(['id', 'amount', 'balance_after', 'description'])
      .execute();
    expect(entries.map((entry) => [entry.id, Number(entry.amount), Number(entry.balance_after)])).toEqual([
      ['req_empty', 0, 0],
    ]);
    const usage = record('req_empty', 300);
    expect(entries[0]!.description).toBe(
      `${usage.model} ${usage.prompt_tokens}+${usage.completion_tokens} tokens (req_empty)`,
    );
  });

  it('lists usage debits and other entries merged newest first, and states the balance before a time', async () => {
    store = await storeWithBalance(kind, 0);
    const ledger = new Ledger(store);
    const topUp = (amount: number, key: string, at: number) =>
      store.db
        .transaction()
        .execute((db) =>
          postLedgerEntry(db, { orgId: 'org_1', kind: 'top_up', amount, idempotencyKey: key, description: key }, at),
        );
    const writer = new UsageWriter(store);
    const debit = (id: string, charged: number, at: number) =>
      writer.write({ record: { ...record(id, charged), created_at: at }, grantTokens: 0, grantPeriod: '' });
    await topUp(1_000, 'top-1', 10);
    await debit('req_1', 100, 20);
    await debit('req_free', 0, 25);
    await debit('req_2', 200, 30);
    await topUp(500, 'top-2', 40);
    await debit('req_3', 50, 50);

    const listed = await ledger.entries('org_1');
    expect(
      listed.map((entry) => [
        entry.id.startsWith('le_') ? entry.description : entry.id,
        entry.amount,
        entry.balanceAfter,
      ]),
    ).toEqual([
      ['req_3', -50, 1_150],
      ['top-2', 500, 1_200],
      ['req_2', -200, 700],
      ['req_1', -100, 900],
      ['top-1', 1_000, 1_000],
    ]);
    expect((await ledger.entries('org_1', { limit: 2 })).map((entry) => entry.amount)).toEqual([-50, 500]);
    expect((await ledger.entries('org_1', { from: 20, to: 40 })).map((entry) => entry.amount)).toEqual([-200, -100]);
    expect(listed.reduce((sum, entry) => sum + entry.amount, 0)).toBe((await ledger.balance('org_1')).balance);

    expect(await balanceBefore(store.db, 'org_1', 10)).toBe(0);
    expect(await balanceBefore(store.db, 'org_1', 31)).toBe(700);
    expect(await balanceBefore(store.db, 'org_1', 45)).toBe(1_200);
    expect(await balanceBefore(store.db, 'org_1', 51)).toBe(1_150);
  });

  it('writes the request log entry a record carries (decision 047), and none on a record without one', async () => {
    store = await storeWithBalance(kind, 1_000);
    const writer = new UsageWriter(store);
    const carried = {
      ...record('req_log', 10),
      log_http_status: 200,
      log_attempts: 2,
      log_deployments_tried: 'a,b',
      log_error_detail: null,
      log_client_request_id: 'client-7',
      log_client_ip: '192.0.2.7',
    };
    await writer.write({ record: carried, grantTokens: 0, grantPeriod: '' });
    await writer.write({ record: record('req_plain', 10), grantTokens: 0, grantPeriod: '' });
    const rows = await store.db
      .selectFrom('usage_records')
      .select([
        'request_id',
        'log_http_status',
        'log_attempts',
        'log_deployments_tried',
        'log_client_request_id',
        'log_client_ip',
      ])
      .orderBy('request_id')
      .execute();
    expect(
      rows.map((row) => ({ ...row, log_attempts: row.log_attempts === null ? null : Number(row.log_attempts) })),
    ).toEqual([
      {
        request_id: 'req_log',
        log_http_status: 200,
        log_attempts: 2,
        log_deployments_tried: 'a,b',
        log_client_request_id: 'client-7',
        log_client_ip: '192.0.2.7',
      },
      {
        request_id: 'req_plain',
        log_http_status: null,
        log_attempts: null,
        log_deployments_tried: null,
        log_client_request_id: null,
        log_client_ip: null,
      },
    ]);
  });

  it('counts grant tokens per organization and period', async () => {
    store = await createTestStore(kind);
    const writer = new UsageWriter(store);
    const free = (id: string) => ({
      record: { ...record(id, 0), funding: 'grant' },
      grantTokens: 30,
      grantPeriod: '2026-11',
    });
    await Promise.all([writer.write(free('g1')), writer.write(free('g2'))]);
    await writer.write(free('g3'));
    const grant = await store.db.selectFrom('grant_usage').selectAll().executeTakeFirstOrThrow();
    expect(Number(grant.tokens)).toBe(90);
  });
});

describe('UsageWriter group commit on sqlite', () => {
  let store: Store;
  afterEach(async () => {
    vi.restoreAllMocks();
    await store?.close();
  });

  /** A store with org_1's balance at 1,000, and the request ids of each SQLite commit as it happens. */
  async function watchedCommits(): Promise<string[][]> {
    store = await storeWithBalance('sqlite', 1_000);
    const commits: string[][] = [];
    const commit = SqliteUsageBatch.prototype.commit;
    vi.spyOn(SqliteUsageBatch.prototype, 'commit').mockImplementation(function (this: SqliteUsageBatch, writes) {
      commits.push(writes.map((write) => write.record.request_id));
      return commit.call(this, writes);
    });
    return commits;
  }

  it('commits a lone write after one turn, and waits while writes keep arriving so that they share a transaction', async () => {
    const commits = await watchedCommits();
    // A generous wait bound: the batch closes when a turn brings no new write, not when time runs out
    // (production's 2 ms can pass between two turns of a loaded machine's event loop).
    const writer = new UsageWriter(store, 256, 60_000);
    const write = (id: string) => writer.write({ record: record(id, 10), grantTokens: 0, grantPeriod: '' });

    await write('lone');
    await writer.drain();
    expect(commits).toEqual([['lone']]);

    // Two writes in the first turn, two more in the next: all four in one transaction.
    const first = [write('w1'), write('w2')];
    const later = new Promise<unknown[]>((resolve) =>
      setImmediate(() => resolve(Promise.all([write('w3'), write('w4')]))),
    );
    await Promise.all([...first, later]);
    expect(commits).toEqual([['lone'], ['w1', 'w2', 'w3', 'w4']]);
    const balance = await store.db.selectFrom('org_balances').selectAll().executeTakeFirstOrThrow();
    expect(Number(balance.balance)).toBe(950);
  });

  it('commits a write at once, without waiting a turn, when the caller says no other request is in flight', async () => {
    const commits = await watchedCommits();
    const writer = new UsageWriter(store);
    const pending = writer.write({ record: record('alone', 10), grantTokens: 0, grantPeriod: '' }, true);
    expect(commits).toEqual([['alone']]);
    expect(await pending).toEqual({ written: true, charged: 10 });
    void writer.write({ record: record('company', 10), grantTokens: 0, grantPeriod: '' });
    expect(commits).toEqual([['alone']]);
    await writer.drain();
    expect(commits).toEqual([['alone'], ['company']]);
  });
});
