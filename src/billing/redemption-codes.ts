import { hashSecret } from '../accounts/secret-tokens.ts';
import type { Store } from '../store/database.ts';
import type { RedemptionCodesTable } from '../store/schema/billing-tables.ts';
import { KaiyuanError, invalidRequest, notFound } from '../util/errors.ts';
import { newId, randomBase62 } from '../util/ids.ts';
import { postLedgerEntry, type LedgerEntry } from './ledger.ts';

export interface RedemptionBatch {
  batchId: string;
  amount: number;
  /** The plain codes: shown once, stored only as hashes. */
  codes: string[];
  expiresAt: number | null;
}

export interface RedemptionCodeInfo {
  id: string;
  batchId: string;
  amount: number;
  createdAt: number;
  expiresAt: number | null;
  redeemedOrgId: string | null;
  redeemedAt: number | null;
}

/** `KY-XXXX-XXXX-XXXX-XXXX` (base62, ≈95 bits), easy to read out and type. */
function generateCode(): string {
  return `KY-${randomBase62(16).toUpperCase().match(/.{4}/g)!.join('-')}`;
}

function normalizeCode(code: string): string {
  return code.trim().toUpperCase();
}

export class RedemptionCodes {
  constructor(private readonly store: Store) {}

  async generate(input: { count: number; amount: number; expiresAt?: number | null }): Promise<RedemptionBatch> {
    if (!Number.isInteger(input.count) || input.count < 1 || input.count > 10_000)
      throw invalidRequest('count must be 1 to 10000.', 'count');
    if (!Number.isInteger(input.amount) || input.amount <= 0)
      throw invalidRequest('amount must be positive.', 'amount');
    const batchId = newId('batch', 12);
    const now = Date.now();
    const codes: string[] = [];
    const rows: RedemptionCodesTable[] = [];
    for (let index = 0; index < input.count; index++) {
      const code = generateCode();
      codes.push(code);
      rows.push({
        id: newId('rc'),
        code_hash: hashSecret(normalizeCode(code)),
        batch_id: batchId,
        amount: input.amount,
        created_at: now,
        expires_at: input.expiresAt ?? null,
        redeemed_org_id: null,
        redeemed_at: null,
      });
    }
    await this.store.db.transaction().execute(async (transaction) => {
      for (let start = 0; start < rows.length; start += 200)
        await transaction
          .insertInto('redemption_codes')
          .values(rows.slice(start, start + 200))
          .execute();
    });
    return { batchId, amount: input.amount, codes, expiresAt: input.expiresAt ?? null };
  }

  /** Redeems a code once: marks it and credits the organization in one transaction. */
  async redeem(orgId: string, code: string): Promise<LedgerEntry> {
    const hash = hashSecret(normalizeCode(code));
    const now = Date.now();
    return this.store.db.transaction().execute(async (transaction) => {
      const row = await transaction
        .selectFrom('redemption_codes')
        .selectAll()
        .where('code_hash', '=', hash)
        .executeTakeFirst();
      if (!row) throw notFound('This redemption code does not exist.', 'redemption_code_invalid');
      if (row.expires_at !== null && Number(row.expires_at) <= now)
        throw invalidRequest('This redemption code has expired.', 'code', 'redemption_code_expired');
      const claimed = await transaction
        .updateTable('redemption_codes')
        .set({ redeemed_org_id: orgId, redeemed_at: now })
        .where('id', '=', row.id)
        .where('redeemed_at', 'is', null)
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) {
        throw new KaiyuanError('redemption_code_used', 'This redemption code has already been redeemed.', {
          status: 409,
          type: 'conflict_error',
        });
      }
      const { entry } = await postLedgerEntry(transaction, {
        orgId,
        kind: 'redemption',
        amount: Number(row.amount),
        idempotencyKey: `redemption:${row.id}`,
        description: `Redemption code of batch ${row.batch_id}`,
      });
      return entry;
    });
  }

  async list(batchId?: string): Promise<RedemptionCodeInfo[]> {
    let query = this.store.db.selectFrom('redemption_codes').selectAll().orderBy('created_at', 'desc').limit(10_000);
    if (batchId) query = query.where('batch_id', '=', batchId);
    return (await query.execute()).map((row) => ({
      id: row.id,
      batchId: row.batch_id,
      amount: Number(row.amount),
      createdAt: Number(row.created_at),
      expiresAt: row.expires_at === null ? null : Number(row.expires_at),
      redeemedOrgId: row.redeemed_org_id,
      redeemedAt: row.redeemed_at === null ? null : Number(row.redeemed_at),
    }));
  }
}
