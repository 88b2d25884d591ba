import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema/index.ts';
import type { LedgerKind } from '../../store/schema/billing-tables.ts';

/**
 * Ledger kinds that are money the organization paid: an operator's top-up and an online payment.
 * The first of them on an invited organization's balance pays out the invitation rewards.
 */
export const paidCreditKinds: ReadonlySet<string> = new Set<string>(['top_up', 'payment']);

/** A paid credit just written to the ledger (inside the transaction that wrote it). */
export interface PaidCredit {
  entryId: string;
  orgId: string;
  kind: LedgerKind | string;
}

/** A grant posting, written by the ledger's own posting function (passed in: no import cycle). */
export type PostGrant = (
  db: Kysely<Database>,
  posting: { orgId: string; kind: 'grant'; amount: number; idempotencyKey: string; description: string },
  now: number,
) => Promise<unknown>;

/**
 * Called by the ledger for every applied credit of a paid kind, in the same transaction: the
 * invitee's first paid credit claims its referral row (once: `rewarded_at` is set with a
 * compare-and-set) and credits both sides' rewards with idempotency keys naming the invitee, so
 * one paying organization rewards once, whatever pays first (top-up or online payment).
 */
export async function rewardReferralOnFirstPayment(
  db: Kysely<Database>,
  credit: PaidCredit,
  postGrant: PostGrant,
  now: number,
): Promise<void> {
  if (!paidCreditKinds.has(credit.kind)) return;
  const referral = await db
    .selectFrom('referrals')
    .selectAll()
    .where('invitee_org_id', '=', credit.orgId)
    .where('rewarded_at', 'is', null)
    .executeTakeFirst();
  if (!referral) return;
  const claimed = await db
    .updateTable('referrals')
    .set({ rewarded_at: now, rewarded_by: credit.entryId })
    .where('invitee_org_id', '=', credit.orgId)
    .where('rewarded_at', 'is', null)
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) !== 1) return;
  const cause = `first payment ${credit.entryId} of ${credit.orgId}, invited with code ${referral.code}`;
  const inviteeReward = Number(referral.invitee_reward);
  const referrerReward = Number(referral.referrer_reward);
  if (inviteeReward > 0) {
    await postGrant(
      db,
      {
        orgId: credit.orgId,
        kind: 'grant',
        amount: inviteeReward,
        idempotencyKey: `referral:${credit.orgId}:invitee`,
        description: `Invitation reward (invitee): ${cause}`,
      },
      now,
    );
  }
  if (referrerReward > 0) {
    const referrer = await db
      .selectFrom('org_balances')
      .select('org_id')
      .where('org_id', '=', referral.referrer_org_id)
      .executeTakeFirst();
    if (referrer) {
      await postGrant(
        db,
        {
          orgId: referral.referrer_org_id,
          kind: 'grant',
          amount: referrerReward,
          idempotencyKey: `referral:${credit.orgId}:referrer`,
          description: `Invitation reward (referrer): ${cause}`,
        },
        now,
      );
    }
  }
}
