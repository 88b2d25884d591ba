import { sql, type Kysely } from 'kysely';
import type { Store } from '../store/database.ts';
import type { Database } from '../store/schema/index.ts';
import { debitBalanceForUsage } from './ledger.ts';
import type { UsageWrite, UsageWriteResult, UsageWriting } from './usage-write.ts';
import { SqliteUsageBatch } from './sqlite-usage-batch.ts';

interface Pending {
  write: UsageWrite;
  resolve(result: UsageWriteResult): void;
  reject(error: unknown): void;
}

/**
 * Writes usage records, each its request's ledger debit (decision 045), with group commit: writes
 * arriving while a transaction runs are committed together in the next one. A write's promise
 * resolves only once its transaction has committed (durable), so the caller can then let the last
 * bytes go out. Idempotent by request id: the usage record's primary key.
 */
export class UsageWriter implements UsageWriting {
  private queue: Pending[] = [];
  private flushing: Promise<void> | null = null;
  /** Prepared-statement fast path on SQLite; PostgreSQL goes through Kysely. */
  private readonly sqliteBatch: SqliteUsageBatch | null;

  constructor(
    private readonly store: Store,
    private readonly maxBatch = 256,
    /** Longest a write waits for others to join its batch (only while writes keep arriving). */
    private readonly maxWaitMs = 2,
  ) {
    this.sqliteBatch = store.sqlite ? new SqliteUsageBatch(store.sqlite) : null;
  }

  /**
   * Resolves once the write is committed. `alone` says no other request is in flight (the caller
   * knows): a write that finds nothing queued then commits at once instead of waiting a turn of the
   * event loop for company that cannot come.
   */
  write(write: UsageWrite, alone = false): Promise<UsageWriteResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ write, resolve, reject });
      if (!this.flushing) this.flushing = this.flushLoop(alone && this.queue.length === 1);
    });
  }

  /** Resolves when everything queued so far is committed. */
  async drain(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  private async flushLoop(now: boolean): Promise<void> {
    try {
      if (!now) await this.gather();
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.maxBatch);
        await this.commitBatch(batch);
      }
    } finally {
      this.flushing = null;
    }
  }

  /**
   * Waits for more writes to join the batch, without adding latency when there is no concurrency.
   * A transaction has a fixed cost (about 75 µs on SQLite) that a batch shares; waiting one turn of
   * the event loop caught about 7 writes a batch at 32 connections (benchmark), this about 16. So:
   * wait one turn; while writes kept arriving during the last turn (other requests are finishing
   * right now), wait one more, bounded by maxBatch and maxWaitMs. With one request at a time nothing
   * else arrives during the first turn and the batch commits right then, exactly as before.
   */
  private async gather(): Promise<void> {
    const started = performance.now();
    let seen: number;
    do {
      seen = this.queue.length;
      await new Promise<void>((resolve) => setImmediate(resolve));
    } while (
      this.queue.length > seen &&
      this.queue.length < this.maxBatch &&
      performance.now() - started < this.maxWaitMs
    );
  }

  private async commitBatch(batch: Pending[]): Promise<void> {
    try {
      const results = await this.commitTogether(batch.map((pending) => pending.write));
      batch.forEach((pending, index) => pending.resolve(results[index]!));
    } catch (batchError) {
      if (batch.length === 1) return batch[0]!.reject(batchError);
      // One bad write must not fail the others: retry each in its own transaction.
      for (const pending of batch) {
        try {
          pending.resolve((await this.commitTogether([pending.write]))[0]!);
        } catch (error) {
          pending.reject(error);
        }
      }
    }
  }

  private async commitTogether(writes: UsageWrite[]): Promise<UsageWriteResult[]> {
    const gate = this.store.writeGate();
    if (gate) await gate;
    if (this.sqliteBatch) return this.sqliteBatch.commit(writes);
    return this.store.db.transaction().execute(async (transaction) => {
      const out: UsageWriteResult[] = [];
      for (const write of writes) out.push(await writeOne(transaction, write));
      return out;
    });
  }
}

async function writeOne(db: Kysely<Database>, write: UsageWrite): Promise<UsageWriteResult> {
  const { record } = write;
  const existing = await db
    .selectFrom('usage_records')
    .select(['charged'])
    .where('request_id', '=', record.request_id)
    .executeTakeFirst();
  if (existing) return { written: false, charged: Number(existing.charged) };
  // The record is the debit's ledger entry (decision 045): its key makes the debit exactly once.
  const debit =
    record.org_id && record.charged > 0
      ? await debitBalanceForUsage(db, record.org_id, record.charged, record.created_at)
      : null;
  const charged = debit?.charged ?? 0;
  if (record.org_id && write.grantTokens > 0) {
    await db
      .insertInto('grant_usage')
      .values({ org_id: record.org_id, period: write.grantPeriod, tokens: write.grantTokens })
      .onConflict((conflict) =>
        conflict
          .columns(['org_id', 'period'])
          .doUpdateSet((eb) => ({ tokens: eb('grant_usage.tokens', '+', eb.ref('excluded.tokens')) })),
      )
      .execute();
  }
  const draw = write.packageDraw;
  if (draw && (draw.tokens > 0 || draw.credit > 0)) {
    await db
      .updateTable('subscriptions')
      .set({
        tokens_left: sql<number>`case when tokens_left > ${draw.tokens} then tokens_left - ${draw.tokens} else 0 end`,
        credit_left: sql<number>`case when credit_left > ${draw.credit} then credit_left - ${draw.credit} else 0 end`,
      })
      .where('id', '=', draw.subscriptionId)
      .execute();
  }
  await db
    .insertInto('usage_records')
    .values({ ...record, charged, balance_after: debit?.balanceAfter ?? null })
    .execute();
  return { written: true, charged };
}
