import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema/index.ts';
import { postLedgerEntry } from '../ledger.ts';
import { toPackage } from './package-catalog.ts';
import { buyInTransaction, type Subscription } from './subscriptions.ts';

/** The purchase key of a package bought by a payment order (what `Subscriptions.purchase` would use). */
export const orderPurchaseKey = (orgId: string, orderId: string) => `${orgId}:order:${orderId}`;

/**
 * Activates the package a payment order bought, inside the transaction that credits the order:
 * the payment's credit is debited again as the package's price (`package_purchase`, exactly the
 * amount paid, so a price changed since the order was placed neither overcharges nor undercharges)
 * and the subscription is written under the order's purchase key. The order's compare-and-set in
 * the same transaction makes this happen once; the ledger key and the unique purchase key back it
 * up. A package disabled after the order was placed is still delivered: the customer paid for it.
 * Returns null when the package no longer exists (the payment then stays on the balance).
 */
export async function activatePaidPackage(
  db: Kysely<Database>,
  input: { orgId: string; orderId: string; packageId: string; paidNano: number; now: number },
): Promise<Subscription | null> {
  const row = await db.selectFrom('packages').selectAll().where('id', '=', input.packageId).executeTakeFirst();
  if (!row) return null;
  const pack = toPackage(row);
  const purchaseKey = orderPurchaseKey(input.orgId, input.orderId);
  await postLedgerEntry(
    db,
    {
      orgId: input.orgId,
      kind: 'package_purchase',
      amount: -input.paidNano,
      idempotencyKey: `package:${purchaseKey}`,
      description: `Package '${pack.name}' (${pack.id}), ${pack.validityDays} days, paid by order ${input.orderId}`,
    },
    input.now,
  );
  const result = await buyInTransaction(
    db,
    input.orgId,
    pack,
    purchaseKey,
    { idempotencyKey: `order:${input.orderId}`, funding: 'paid' },
    input.now,
  );
  return result.subscription;
}
