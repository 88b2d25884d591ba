import type { Kysely } from 'kysely';
import type { Store } from '../store/database.ts';
import type { Database } from '../store/schema/index.ts';
import type { LedgerEntriesTable, LedgerKind, UsageRecordsTable } from '../store/schema/billing-tables.ts';
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
 * Usage debits are not posted here: they live on their usage records (usage-writer.ts, decision 045).
 */
export async function postLedgerEntry(
  db: Kysely<Database>,
  posting: LedgerPosting,
  now = Date.now(),
): Promise<{ entry: LedgerEntry; applied: boolean }> {
  for (let attempt = 0; attempt < maxBalanceAttempts; attempt++) {
    const existing = await db
      .selectFrom('ledger_entries')
      .selectAll()
      .where('idempotency_key', '=', posting.idempotencyKey)
      .executeTakeFirst();
    if (existing) return { entry: toLedgerEntry(existing), applied: false };
    const applied = await applyToBalance(db, posting, now);
    if (!applied) continue;
    const row: LedgerEntriesTable = {
      id: newId('le'),
      org_id: posting.orgId,
      kind: posting.kind,
      amount: applied.amount,
      balance_after: applied.balanceAfter,
      idempotency_key: posting.idempotencyKey,
      description: posting.description,
      created_at: now,
    };
    await db.insertInto('ledger_entries').values(row).execute();
    if (paidCreditKinds.has(row.kind) && row.amount > 0)
      await rewardReferralOnFirstPayment(
        db,
        { entryId: row.id, orgId: row.org_id, kind: row.kind },
        postLedgerEntry,
        now,
      );
    return { entry: toLedgerEntry(row), applied: true };
  }
  throw contention();
}

/**
 * A usage debit inside the caller's transaction: the balance's part of it (capped at the balance,
 * counted in `spent_total`). The entry itself is the usage record the caller writes with the
 * returned amount and balance (decision 045); the record's key makes it exactly once.
 */
export async function debitBalanceForUsage(
  db: Kysely<Database>,
  orgId: string,
  amount: number,
  now: number,
): Promise<{ charged: number; balanceAfter: number }> {
  for (let attempt = 0; attempt < maxBalanceAttempts; attempt++) {
    // At most what the balance holds: reservations make this the normal case, and a prompt larger
    // than its estimate must not drive the balance negative.
    const applied = await applyToBalance(db, { orgId, kind: 'usage_debit', amount: -amount }, now, true);
    if (applied) return { charged: -applied.amount, balanceAfter: applied.balanceAfter };
  }
  throw contention();
}

const maxBalanceAttempts = 20;

/**
 * Applies a posting's amount to the organization's balance with a compare-and-set: null when the
 * balance changed since it was read (the caller tries again).
 */
async function applyToBalance(
  db: Kysely<Database>,
  posting: Pick<LedgerPosting, 'orgId' | 'kind' | 'amount'>,
  now: number,
  capAtBalance = false,
): Promise<{ amount: number; balanceAfter: number } | null> {
  const balanceRow = await db
    .selectFrom('org_balances')
    .select(['balance', 'spent_total'])
    .where('org_id', '=', posting.orgId)
    .executeTakeFirst();
  if (!balanceRow) throw notFound(`No organization '${posting.orgId}'.`, 'organization_not_found');
  const balance = Number(balanceRow.balance);
  let amount = posting.amount;
  if (amount < 0 && capAtBalance) amount = -Math.min(-amount, balance);
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
  return Number(updated.numUpdatedRows) === 1 ? { amount, balanceAfter: balance + amount } : null;
}

function contention(): KaiyuanError {
  return new KaiyuanError('ledger_contention', 'The balance changed too often concurrently; try again.', {
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

  /** An organization's entries, newest first, usage debits included. */
  entries(orgId: string, options: LedgerRange = {}): Promise<LedgerEntry[]> {
    return newestEntries(this.store.db, orgId, options);
  }
}

export interface LedgerRange {
  from?: number;
  to?: number;
  limit?: number;
}

/**
 * An organization's entries, newest first (ties by id), usage debits included (decision 045). Each
 * of the two places entries live is read newest first up to the limit and the two are merged: the
 * `ledger` view would read every usage record of the range before ordering them.
 */
export async function newestEntries(
  db: Kysely<Database>,
  orgId: string,
  options: LedgerRange = {},
): Promise<LedgerEntry[]> {
  const limit = options.limit ?? 1000;
  let posted = db.selectFrom('ledger_entries').selectAll().where('org_id', '=', orgId);
  let debits = db
    .selectFrom('usage_records')
    .select(usageDebitColumns)
    .where('org_id', '=', orgId)
    .where('balance_after', 'is not', null);
  if (options.from !== undefined) {
    posted = posted.where('created_at', '>=', options.from);
    debits = debits.where('created_at', '>=', options.from);
  }
  if (options.to !== undefined) {
    posted = posted.where('created_at', '<', options.to);
    debits = debits.where('created_at', '<', options.to);
  }
  const [postedRows, debitRows] = await Promise.all([
    posted.orderBy('created_at', 'desc').orderBy('id').limit(limit).execute(),
    debits.orderBy('created_at', 'desc').orderBy('request_id').limit(limit).execute(),
  ]);
  return [...postedRows.map(toLedgerEntry), ...debitRows.map(usageDebitEntry)]
    .sort((left, right) => right.createdAt - left.createdAt || (left.id < right.id ? -1 : left.id > right.id ? 1 : 0))
    .slice(0, limit);
}

/** An organization's balance after its last entry before `time` (0 when it had none). */
export async function balanceBefore(db: Kysely<Database>, orgId: string, time: number): Promise<number> {
  const [last] = await newestEntries(db, orgId, { to: time, limit: 1 });
  return last?.balanceAfter ?? 0;
}

const usageDebitColumns = [
  'request_id',
  'org_id',
  'charged',
  'balance_after',
  'model',
  'prompt_tokens',
  'completion_tokens',
  'created_at',
] as const;

/** A usage record's debit as a ledger entry: as the `ledger` view shows it (migration 0005). */
function usageDebitEntry(row: Pick<UsageRecordsTable, (typeof usageDebitColumns)[number]>): LedgerEntry {
  return {
    id: row.request_id,
    orgId: row.org_id!,
    kind: 'usage_debit',
    amount: -Number(row.charged) || 0,
    balanceAfter: Number(row.balance_after),
    idempotencyKey: `usage:${row.request_id}`,
    description: `${row.model} ${row.prompt_tokens}+${row.completion_tokens} tokens (${row.request_id})`,
    createdAt: Number(row.created_at),
  };
}
