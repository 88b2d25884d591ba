import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTestStore, storeKinds } from '../../test/support/test-store.ts';
import type { Store } from '../store/database.ts';
import { usageRecord as record } from '../../test/support/usage-record.ts';
import { SqliteUsageBatch } from './sqlite-usage-batch.ts';
import { UsageWriter } from './usage-writer.ts';

describe.each(storeKinds)('UsageWriter on %s', (kind) => {
  let store: Store;
  afterEach(async () => store?.close());

  it('writes each request once, debits the ledger capped at the balance, and keeps the balance consistent', async () => {
    store = await createTestStore(kind);
    await store.db
      .insertInto('org_balances')
      .values({ org_id: 'org_1', balance: 1_000, spent_total: 0, updated_at: 0 })
      .execute();
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
      .selectFrom('ledger_entries')
      .select(['amount', 'balance_after'])
      .orderBy('balance_after', 'desc')
      .execute();
    expect(entries.map((entry) => [Number(entry.amount), Number(entry.balance_after)])).toEqual([
      [-300, 700],
      [-500, 200],
      [-200, 0],
    ]);
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

  it('keeps a debit the ledger already holds for the request instead of posting a second one', async () => {
    store = await createTestStore(kind);
    await store.db
      .insertInto('org_balances')
      .values({ org_id: 'org_1', balance: 1_000, spent_total: 0, updated_at: 0 })
      .execute();
    await store.db
      .insertInto('ledger_entries')
      .values({
        id: 'le_old',
        org_id: 'org_1',
        kind: 'usage_debit',
        amount: -120,
        balance_after: 880,
        idempotency_key: 'usage:req_x',
        description: 'earlier',
        created_at: 1,
      })
      .execute();
    const writer = new UsageWriter(store);
    expect(await writer.write({ record: record('req_x', 300), grantTokens: 0, grantPeriod: '' })).toEqual({
      written: true,
      charged: 120,
    });
    const usage = await store.db
      .selectFrom('usage_records')
      .select(['charged'])
      .where('request_id', '=', 'req_x')
      .executeTakeFirstOrThrow();
    expect(Number(usage.charged)).toBe(120);
    expect(await store.db.selectFrom('ledger_entries').select('id').execute()).toHaveLength(1);
    const balance = await store.db.selectFrom('org_balances').selectAll().executeTakeFirstOrThrow();
    expect(Number(balance.balance)).toBe(1_000);
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
    store = await createTestStore('sqlite');
    await store.db
      .insertInto('org_balances')
      .values({ org_id: 'org_1', balance: 1_000, spent_total: 0, updated_at: 0 })
      .execute();
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
