import type { RedemptionCode } from '../../api/admin-platform-api.ts';

/** One generated batch of codes: what they are worth, how many were redeemed, by whom. */
export interface CodeBatch {
  batchId: string;
  amount: string;
  createdAt: number;
  expiresAt: number | null;
  count: number;
  redeemed: number;
  expired: number;
  codes: RedemptionCode[];
}

/** Groups the code list by batch, newest batch first (codes keep their order). */
export function groupCodesByBatch(codes: readonly RedemptionCode[], now = Date.now()): CodeBatch[] {
  const batches = new Map<string, CodeBatch>();
  for (const code of codes) {
    let batch = batches.get(code.batchId);
    if (!batch) {
      batch = {
        batchId: code.batchId,
        amount: code.amount,
        createdAt: code.createdAt,
        expiresAt: code.expiresAt,
        count: 0,
        redeemed: 0,
        expired: 0,
        codes: [],
      };
      batches.set(code.batchId, batch);
    }
    batch.count++;
    batch.createdAt = Math.min(batch.createdAt, code.createdAt);
    if (code.redeemedAt !== null) batch.redeemed++;
    else if (code.expiresAt !== null && code.expiresAt <= now) batch.expired++;
    batch.codes.push(code);
  }
  return [...batches.values()].sort((left, right) => right.createdAt - left.createdAt);
}
