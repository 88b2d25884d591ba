import type { Kysely } from 'kysely';
import type { Store } from '../store/database.ts';
import type { Database } from '../store/schema/index.ts';
import type { LedgerEntriesTable, LedgerKind } from '../store/schema/billing-tables.ts';
import { KaiyuanError, notFound } from '../util/errors.ts';
import { newId } from '../util/ids.ts';
import { paidCreditKinds, rewardReferralOnFirstPayment } from './referrals/paid-credit-trigger.ts';

export interface LedgerEntry {
  id: string;
  orgId: string;
  kind: LedgerKind;
  amount: number;
  balanceAfter: number;
  idempotencyKey: string;
  description: string;
  createdAt: number;
}

export interface LedgerPosting {
  orgId: string;
  kind: LedgerKind;
  /** Signed nano-units: credits positive, debits negative. */
  amount: number;
  idempotencyKey: string;
  description: string;
  /**
   * For usage debits: debit at most what the balance holds (reservations make this the normal
   * case; a prompt larger than its estimate must not drive the balance negative).
   */
  capAtBalance?: boolean;
}

export function toLedgerEntry(row: LedgerEntriesTable): LedgerEntry {
  return {
    id: row.id,
    orgId: row.org_id,
    kind: row.kind,
    amount: Number(row.amount),
    balanceAfter: Number(row.balance_after),
    idempotencyKey: row.idempotency_key,
    description: row.description,
    createdAt: Number(row.created_at),
  };
}

/**
 * Posts one entry inside the caller's transaction. Idempotent: an entry with the same key is
 * returned as it is (applied: false). The balance row is updated with a compare-and-set, so
 * concurrent posts on PostgreSQL never lose an update and the balance never goes below zero.
 */
export async function postLedgerEntry(
  db: Kysely<Database>,
  posting: LedgerPosting,
  now = Date.now(),
): Promise<{ entry: LedgerEntry; applied: boolean }> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const existing = await db
      .selectFrom('ledger_entries')
      .selectAll()
      .where('idempotency_key', '=', posting.idempotencyKey)
      .executeTakeFirst();
    if (existing) return { entry: toLedgerEntry(existing), applied: false };
    const balanceRow = await db
      .selectFrom('org_balances')
      .select(['balance', 'spent_total'])
      .where('org_id', '=', posting.orgId)
      .executeTakeFirst();
    if (!balanceRow) throw notFound(`No organization '${posting.orgId}'.`, 'organization_not_found');
    const balance = Number(balanceRow.balance);
    let amount = posting.amount;
    if (amount < 0 && posting.capAtBalance) amount = -Math.min(-amount, balance);
    if (balance + amount < 0) {
      throw new KaiyuanError(
        'insufficient_balance',
        `The balance (${balance} nano-units) cannot cover a debit of ${-amount}.`,
        {
          status: 409,
          type: 'conflict_error',
        },
      );
    }
    const spent =
      posting.kind === 'usage_debit'
        ? -amount
        : posting.kind === 'refund'
          ? -Math.min(amount, Number(balanceRow.spent_total))
          : 0;
    const updated = await db
      .updateTable('org_balances')
      .set({ balance: balance + amount, spent_total: Number(balanceRow.spent_total) + spent, updated_at: now })
      .where('org_id', '=', posting.orgId)
      .where('balance', '=', balance)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) continue;
    const row: LedgerEntriesTable = {
      id: newId('le'),
      org_id: posting.orgId,
      kind: posting.kind,
      amount,
      balance_after: balance + amount,
      idempotency_key: posting.idempotencyKey,
      description: posting.description,
      created_at: now,
    };
    await db.insertInto('ledger_entries').values(row).execute();
    if (paidCreditKinds.has(row.kind) && amount > 0)
      await rewardReferralOnFirstPayment(
        db,
        { entryId: row.id, orgId: row.org_id, kind: row.kind },
        postLedgerEntry,
        now,
      );
    return { entry: toLedgerEntry(row), applied: true };
  }
  throw new KaiyuanError('ledger_contention', 'The balance changed too often concurrently; try again.', {
    status: 409,
    type: 'conflict_error',
    retryable: true,
  });
}

export interface BalanceSnapshot {
  orgId: string;
  balance: number;
  spentTotal: number;
}

export class Ledger {
  constructor(private readonly store: Store) {}

  /** Posts an entry in its own transaction (top-ups, refunds, adjustments, grants). */
  async post(posting: LedgerPosting): Promise<{ entry: LedgerEntry; applied: boolean }> {
    try {
      return await this.store.db.transaction().execute((transaction) => postLedgerEntry(transaction, posting));
    } catch (error) {
      // Two concurrent posts with one key: the loser hits the unique index and finds the winner's entry.
      const existing = await this.findByKey(posting.idempotencyKey);
      if (existing) return { entry: existing, applied: false };
      throw error;
    }
  }

  async findByKey(idempotencyKey: string): Promise<LedgerEntry | null> {
    const row = await this.store.db
      .selectFrom('ledger_entries')
      .selectAll()
      .where('idempotency_key', '=', idempotencyKey)
      .executeTakeFirst();
    return row ? toLedgerEntry(row) : null;
  }

  async balance(orgId: string): Promise<BalanceSnapshot> {
    const row = await this.store.db
      .selectFrom('org_balances')
      .select(['balance', 'spent_total'])
      .where('org_id', '=', orgId)
      .executeTakeFirst();
    return { orgId, balance: Number(row?.balance ?? 0), spentTotal: Number(row?.spent_total ?? 0) };
  }

  async entries(orgId: string, options: { from?: number; to?: number; limit?: number } = {}): Promise<LedgerEntry[]> {
    let query = this.store.db.selectFrom('ledger_entries').selectAll().where('org_id', '=', orgId);
    if (options.from !== undefined) query = query.where('created_at', '>=', options.from);
    if (options.to !== undefined) query = query.where('created_at', '<', options.to);
    const rows = await query
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(options.limit ?? 1000)
      .execute();
    return rows.map(toLedgerEntry);
  }
}
