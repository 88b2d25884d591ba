import type SqliteDatabase from 'better-sqlite3';
import type { UsageRecordsTable } from '../store/schema/billing-tables.ts';
import { KaiyuanError, notFound } from '../util/errors.ts';
import type { UsageWrite, UsageWriteResult } from './usage-write.ts';

const usageColumns: Array<keyof UsageRecordsTable> = [
  'request_id',
  'org_id',
  'key_id',
  'user_id',
  'endpoint',
  'model',
  'deployment_id',
  'provider',
  'prompt_tokens',
  'cached_tokens',
  'completion_tokens',
  'reasoning_tokens',
  'cost',
  'charged',
  'funding',
  'latency_ms',
  'ttft_ms',
  'status',
  'estimated',
  'error_code',
  'created_at',
  'batch_id',
  'cache_write_tokens',
  'price_version',
  'upstream_cost',
  'plan_id',
  'balance_after',
  'log_http_status',
  'log_attempts',
  'log_deployments_tried',
  'log_error_detail',
  'log_client_request_id',
  'log_client_ip',
];

/**
 * The hot path of metering on SQLite: a batch of usage writes in one IMMEDIATE transaction with
 * prepared statements, bypassing the query builder. Same rules as the portable path in
 * usage-writer.ts: idempotent by request id, debit capped at the balance, balance updated with a
 * compare-and-set. A new record costs one insert: the record is its own ledger entry (`charged`,
 * `balance_after`; decision 045), and the insert's uniqueness check (`on conflict do nothing`)
 * stands in for a lookup before it.
 */
export class SqliteUsageBatch {
  private readonly selectUsage: SqliteDatabase.Statement;
  private readonly selectBalance: SqliteDatabase.Statement;
  private readonly updateBalance: SqliteDatabase.Statement;
  private readonly upsertGrant: SqliteDatabase.Statement;
  private readonly insertUsage: SqliteDatabase.Statement;
  private readonly drawPackage: SqliteDatabase.Statement;
  private readonly commitAll: (writes: readonly UsageWrite[]) => UsageWriteResult[];

  constructor(database: SqliteDatabase.Database) {
    this.selectUsage = database.prepare('select charged from usage_records where request_id = ?');
    this.selectBalance = database.prepare('select balance, spent_total from org_balances where org_id = ?');
    this.updateBalance = database.prepare(
      'update org_balances set balance = ?, spent_total = ?, updated_at = ? where org_id = ? and balance = ?',
    );
    this.upsertGrant = database.prepare(
      'insert into grant_usage (org_id, period, tokens) values (?, ?, ?) on conflict (org_id, period) do update set tokens = grant_usage.tokens + excluded.tokens',
    );
    this.insertUsage = database.prepare(
      `insert into usage_records (${usageColumns.join(', ')}) values (${usageColumns.map(() => '?').join(', ')}) on conflict (request_id) do nothing`,
    );
    this.drawPackage = database.prepare(
      'update subscriptions set tokens_left = case when tokens_left > ? then tokens_left - ? else 0 end, credit_left = case when credit_left > ? then credit_left - ? else 0 end where id = ?',
    );
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
    const orgId = record.org_id;
    const held = orgId && record.charged > 0 ? this.heldBalance(orgId, balances, record.created_at) : null;
    const charged = held ? Math.min(record.charged, held.balance) : 0;
    if (this.insertRecord(record, charged, held ? held.balance - charged : null).changes === 0) {
      // Written before (a retried settle): the first write stands.
      const existing = this.selectUsage.get(record.request_id) as { charged: number };
      return { written: false, charged: Number(existing.charged) };
    }
    if (held) {
      held.balance -= charged;
      held.spentTotal += charged;
      held.updatedAt = record.created_at;
    }
    if (orgId && write.grantTokens > 0) this.upsertGrant.run(orgId, write.grantPeriod, write.grantTokens);
    const draw = write.packageDraw;
    if (draw && (draw.tokens > 0 || draw.credit > 0))
      this.drawPackage.run(draw.tokens, draw.tokens, draw.credit, draw.credit, draw.subscriptionId);
    return { written: true, charged };
  }

  /** `balanceAfter`: the balance after the debit when the request posts one (decision 045), else null. */
  private insertRecord(
    record: UsageRecordsTable,
    charged: number,
    balanceAfter: number | null,
  ): SqliteDatabase.RunResult {
    const r = record;
    return this.insertUsage.run(
      r.request_id,
      r.org_id,
      r.key_id,
      r.user_id,
      r.endpoint,
      r.model,
      r.deployment_id,
      r.provider,
      r.prompt_tokens,
      r.cached_tokens,
      r.completion_tokens,
      r.reasoning_tokens,
      r.cost,
      charged,
      r.funding,
      r.latency_ms,
      r.ttft_ms,
      r.status,
      r.estimated,
      r.error_code,
      r.created_at,
      r.batch_id ?? null,
      r.cache_write_tokens ?? 0,
      r.price_version ?? null,
      r.upstream_cost ?? null,
      r.plan_id ?? null,
      balanceAfter,
      r.log_http_status ?? null,
      r.log_attempts ?? null,
      r.log_deployments_tried ?? null,
      r.log_error_detail ?? null,
      r.log_client_request_id ?? null,
      r.log_client_ip ?? null,
    );
  }

  /**
   * An organization's balance for this batch: read once per organization and batch, written back
   * once before the commit (writeBalance). Inside the IMMEDIATE transaction no other writer can
   * change it, so a read and a compare-and-set per record (two statements each) bought nothing.
   */
  private heldBalance(orgId: string, balances: Map<string, BatchBalance>, now: number): BatchBalance {
    let held = balances.get(orgId);
    if (!held) {
      const row = this.selectBalance.get(orgId) as { balance: number; spent_total: number } | undefined;
      if (!row) throw notFound(`No organization '${orgId}'.`, 'organization_not_found');
      const balance = Number(row.balance);
      held = { read: balance, balance, spentTotal: Number(row.spent_total), updatedAt: now };
      balances.set(orgId, held);
    }
    return held;
  }

  /** Writes an organization's balance after the batch's debits; still a compare-and-set, as a guard. */
  private writeBalance(orgId: string, held: BatchBalance): void {
    const updated = this.updateBalance.run(held.balance, held.spentTotal, held.updatedAt, orgId, held.read);
    if (updated.changes !== 1) {
      throw new KaiyuanError('ledger_contention', 'The balance changed too often concurrently; try again.', {
        status: 409,
        type: 'conflict_error',
        retryable: true,
      });
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
