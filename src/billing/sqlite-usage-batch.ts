import type SqliteDatabase from 'better-sqlite3';
import type { UsageRecordsTable } from '../store/schema/billing-tables.ts';
import { KaiyuanError, notFound } from '../util/errors.ts';
import { newId } from '../util/ids.ts';
import type { UsageWrite, UsageWriteResult } from './usage-write.ts';

const usageColumns: Array<keyof UsageRecordsTable> = [
  'request_id', 'org_id', 'key_id', 'user_id', 'endpoint', 'model', 'deployment_id', 'provider', 'prompt_tokens', 'cached_tokens',
  'completion_tokens', 'reasoning_tokens', 'cost', 'charged', 'funding', 'latency_ms', 'ttft_ms', 'status', 'estimated', 'error_code', 'created_at',
];

/**
 * The hot path of metering on SQLite: a batch of usage writes in one IMMEDIATE transaction with
 * prepared statements, bypassing the query builder. Same rules as the portable path in
 * usage-writer.ts and ledger.ts: idempotent by request id, debit capped at the balance, balance
 * updated with a compare-and-set.
 */
export class SqliteUsageBatch {
  private readonly selectUsage: SqliteDatabase.Statement;
  private readonly selectLedger: SqliteDatabase.Statement;
  private readonly selectBalance: SqliteDatabase.Statement;
  private readonly updateBalance: SqliteDatabase.Statement;
  private readonly insertLedger: SqliteDatabase.Statement;
  private readonly upsertGrant: SqliteDatabase.Statement;
  private readonly insertUsage: SqliteDatabase.Statement;
  private readonly commitAll: (writes: readonly UsageWrite[]) => UsageWriteResult[];

  constructor(database: SqliteDatabase.Database) {
    this.selectUsage = database.prepare('select charged from usage_records where request_id = ?');
    this.selectLedger = database.prepare('select amount from ledger_entries where idempotency_key = ?');
    this.selectBalance = database.prepare('select balance, spent_total from org_balances where org_id = ?');
    this.updateBalance = database.prepare('update org_balances set balance = ?, spent_total = ?, updated_at = ? where org_id = ? and balance = ?');
    this.insertLedger = database.prepare(
      'insert into ledger_entries (id, org_id, kind, amount, balance_after, idempotency_key, description, created_at) values (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.upsertGrant = database.prepare(
      'insert into grant_usage (org_id, period, tokens) values (?, ?, ?) on conflict (org_id, period) do update set tokens = grant_usage.tokens + excluded.tokens',
    );
    this.insertUsage = database.prepare(`insert into usage_records (${usageColumns.join(', ')}) values (${usageColumns.map(() => '?').join(', ')})`);
    const transaction = database.transaction((writes: readonly UsageWrite[]) => {
      const balances = new Map<string, BatchBalance>();
      const results = writes.map((write) => this.writeOne(write, balances));
      for (const [orgId, held] of balances) this.writeBalance(orgId, held);
      return results;
    });
    this.commitAll = (writes) => transaction.immediate(writes);
  }

  /** Commits the writes together; throws (nothing written) when any of them fails. */
  commit(writes: readonly UsageWrite[]): UsageWriteResult[] {
    return this.commitAll(writes);
  }

  private writeOne(write: UsageWrite, balances: Map<string, BatchBalance>): UsageWriteResult {
    const { record } = write;
    const existing = this.selectUsage.get(record.request_id) as { charged: number } | undefined;
    if (existing) return { written: false, charged: Number(existing.charged) };
    const charged = record.org_id && record.charged > 0 ? this.debit(record, balances) : 0;
    if (record.org_id && write.grantTokens > 0) this.upsertGrant.run(record.org_id, write.grantPeriod, write.grantTokens);
    this.insertUsage.run(...usageColumns.map((column) => (column === 'charged' ? charged : record[column])));
    return { written: true, charged };
  }

  /**
   * Posts the usage debit (capped at the balance); returns what was debited. The balance is read
   * once per organization and batch and written back once before the commit (writeBalance): inside
   * the IMMEDIATE transaction no other writer can change it, so a read and a compare-and-set per
   * record (two statements each) bought nothing.
   */
  private debit(record: UsageRecordsTable, balances: Map<string, BatchBalance>): number {
    const orgId = record.org_id!;
    const idempotencyKey = `usage:${record.request_id}`;
    const posted = this.selectLedger.get(idempotencyKey) as { amount: number } | undefined;
    if (posted) return -Number(posted.amount);
    let held = balances.get(orgId);
    if (!held) {
      const row = this.selectBalance.get(orgId) as { balance: number; spent_total: number } | undefined;
      if (!row) throw notFound(`No organization '${orgId}'.`, 'organization_not_found');
      const balance = Number(row.balance);
      held = { read: balance, balance, spentTotal: Number(row.spent_total), updatedAt: record.created_at };
      balances.set(orgId, held);
    }
    const debit = Math.min(record.charged, held.balance);
    held.balance -= debit;
    held.spentTotal += debit;
    held.updatedAt = record.created_at;
    const description = `${record.model} ${record.prompt_tokens}+${record.completion_tokens} tokens (${record.request_id})`;
    this.insertLedger.run(newId('le'), orgId, 'usage_debit', -debit, held.balance, idempotencyKey, description, record.created_at);
    return debit;
  }

  /** Writes an organization's balance after the batch's debits; still a compare-and-set, as a guard. */
  private writeBalance(orgId: string, held: BatchBalance): void {
    const updated = this.updateBalance.run(held.balance, held.spentTotal, held.updatedAt, orgId, held.read);
    if (updated.changes !== 1) {
      throw new KaiyuanError('ledger_contention', 'The balance changed too often concurrently; try again.', { status: 409, type: 'conflict_error', retryable: true });
    }
  }
}

/** An organization's balance while a batch runs: as read, and after the batch's debits so far. */
interface BatchBalance {
  read: number;
  balance: number;
  spentTotal: number;
  updatedAt: number;
}
