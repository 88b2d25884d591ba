import { describe, expect, it } from 'vitest';
import { groupCodesByBatch } from './redemption-code-batches.ts';

const code = (id: string, batchId: string, createdAt: number, redeemed = false, expiresAt: number | null = null) => ({
  object: 'redemption_code' as const,
  id,
  batchId,
  amount: '10.00',
  createdAt,
  expiresAt,
  redeemedOrgId: redeemed ? 'org_1' : null,
  redeemedAt: redeemed ? createdAt + 1 : null,
});

describe('groupCodesByBatch', () => {
  it('shows one row per batch with its counts, newest first', () => {
    const batches = groupCodesByBatch(
      [code('a', 'b1', 1), code('b', 'b1', 1, true), code('c', 'b2', 5), code('d', 'b1', 1, false, 2)],
      10,
    );
    expect(batches.map((batch) => batch.batchId)).toEqual(['b2', 'b1']);
    expect(batches[1]).toMatchObject({ count: 3, redeemed: 1, expired: 1, amount: '10.00' });
  });
});
