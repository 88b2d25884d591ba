import type { Kysely } from 'kysely';
import type { LimitSettings } from '../../config/commerce-schema.ts';
import type { Store } from '../../store/database.ts';
import type { Database } from '../../store/schema/index.ts';
import type { SubscriptionsTable } from '../../store/schema/signup-tables.ts';
import { KaiyuanError, invalidRequest, notFound } from '../../util/errors.ts';
import { newId } from '../../util/ids.ts';
import { postLedgerEntry, type LedgerEntry } from '../ledger.ts';
import { formatAmount } from '../money.ts';
import { toPackage, type PackageDefinition } from './package-catalog.ts';

export const dayMs = 86_400_000;

export interface Subscription {
  id: string;
  orgId: string;
  packageId: string;
  packageName: string;
  creditLeft: number;
  tokensLeft: number;
  startsAt: number;
  expiresAt: number;
  autoRenew: boolean;
  state: SubscriptionsTable['state'];
  createdAt: number;
}

export interface PurchaseOptions {
  /** Makes a retried purchase (or a paid order delivered twice) buy once. */
  idempotencyKey: string;
  autoRenew?: boolean;
  /**
   * `balance` (default) debits the price from the prepaid balance (402 when it cannot cover it);
   * `paid` records a purchase paid elsewhere (an online payment order, already credited and
   * debited by its caller, or a free package granted by the operator).
   */
  funding?: 'balance' | 'paid';
  now?: number;
}

export interface PurchaseResult {
  subscription: Subscription;
  /** The balance debit (null for `paid` purchases and replays). */
  debit: LedgerEntry | null;
  applied: boolean;
}

/** Side effects the purchase needs outside the store (reservations and caches of this process). */
export interface PurchaseEffects {
  /** The balance changed by `delta` (negative: debit) in the store. */
  balanceChanged(orgId: string, delta: number): Promise<void>;
  /** The organization's plan or packages changed: drop cached profiles and package snapshots. */
  organizationChanged(orgId: string): void;
}

/**
 * Buys packages, lists an organization's subscriptions, renews and expires them. One transaction
 * per purchase: balance debit, subscription row, plan change (upgrades take effect at once).
 */
export class Subscriptions {
  constructor(
    private readonly store: Store,
    private readonly effects: PurchaseEffects,
  ) {}

  async purchase(orgId: string, packageId: string, options: PurchaseOptions): Promise<PurchaseResult> {
    const now = options.now ?? Date.now();
    const purchaseKey = `${orgId}:${options.idempotencyKey}`;
    const existing = await this.findByKey(purchaseKey);
    if (existing) return { subscription: existing, debit: null, applied: false };
    const definition = await this.store.db
      .selectFrom('packages')
      .selectAll()
      .where('id', '=', packageId)
      .executeTakeFirst();
    if (!definition) throw notFound(`No package '${packageId}'.`, 'package_not_found', 'packageId');
    const pack = toPackage(definition);
    if (!pack.enabled)
      throw invalidRequest(`The package '${pack.name}' is not on sale.`, 'packageId', 'package_not_on_sale');
    let result: PurchaseResult;
    try {
      result = await this.store.db
        .transaction()
        .execute((transaction) => buyInTransaction(transaction, orgId, pack, purchaseKey, options, now));
    } catch (error) {
      const raced = await this.findByKey(purchaseKey);
      if (raced) return { subscription: raced, debit: null, applied: false };
      throw error;
    }
    if (result.debit) await this.effects.balanceChanged(orgId, result.debit.amount);
    this.effects.organizationChanged(orgId);
    return result;
  }

  /**
   * Drops this process's cached plan and package snapshots of an organization after a purchase
   * written elsewhere (a package bought by online payment, in the order's crediting transaction).
   */
  purchasedElsewhere(orgId: string): void {
    this.effects.organizationChanged(orgId);
  }

  async list(orgId: string): Promise<Subscription[]> {
    const rows = await this.selectSubscriptions(this.store.db)
      .where('subscriptions.org_id', '=', orgId)
      .orderBy('subscriptions.created_at', 'desc')
      .limit(200)
      .execute();
    return rows.map(toSubscription);
  }

  async get(id: string): Promise<Subscription> {
    const row = await this.selectSubscriptions(this.store.db).where('subscriptions.id', '=', id).executeTakeFirst();
    if (!row) throw notFound(`No subscription '${id}'.`, 'subscription_not_found');
    return toSubscription(row);
  }

  async setAutoRenew(id: string, autoRenew: boolean): Promise<Subscription> {
    await this.store.db
      .updateTable('subscriptions')
      .set({ auto_renew: autoRenew ? 1 : 0 })
      .where('id', '=', id)
      .execute();
    return this.get(id);
  }

  /**
   * Ends subscriptions whose validity is over: renews those with auto-renew from the balance
   * (a new subscription, paid now; one renewal per ended subscription, whatever runs this twice),
   * expires the rest and moves an organization back to `fallbackPlanId` when the plan it bought
   * is no longer held by any active subscription. Returns what it did.
   */
  async expireDue(fallbackPlanId: string, now = Date.now()): Promise<{ expired: number; renewed: number }> {
    const due = await this.selectSubscriptions(this.store.db)
      .where('subscriptions.state', '=', 'active')
      .where('subscriptions.expires_at', '<=', now)
      .limit(1000)
      .execute();
    let expired = 0;
    let renewed = 0;
    for (const row of due) {
      const subscription = toSubscription(row);
      if (subscription.autoRenew) {
        try {
          const result = await this.purchase(subscription.orgId, subscription.packageId, {
            idempotencyKey: `renewal-of:${subscription.id}`,
            autoRenew: true,
            now,
          });
          if (result.applied) renewed++;
        } catch {
          // Not enough balance, or the package is off sale: it simply expires.
        }
      }
      const ended = await this.store.db
        .updateTable('subscriptions')
        .set({ state: 'expired' })
        .where('id', '=', subscription.id)
        .where('state', '=', 'active')
        .executeTakeFirst();
      if (Number(ended.numUpdatedRows) === 1) expired++;
      await this.dropPlanIfUnheld(subscription.orgId, row.plan_id, fallbackPlanId, now);
      this.effects.organizationChanged(subscription.orgId);
    }
    return { expired, renewed };
  }

  private async dropPlanIfUnheld(orgId: string, planId: string | null, fallbackPlanId: string, now: number) {
    if (!planId) return;
    const stillHeld = await this.store.db
      .selectFrom('subscriptions')
      .innerJoin('packages', 'packages.id', 'subscriptions.package_id')
      .select('subscriptions.id')
      .where('subscriptions.org_id', '=', orgId)
      .where('subscriptions.state', '=', 'active')
      .where('subscriptions.expires_at', '>', now)
      .where('packages.plan_id', '=', planId)
      .executeTakeFirst();
    if (stillHeld) return;
    await this.store.db
      .updateTable('organizations')
      .set({ plan_id: fallbackPlanId })
      .where('id', '=', orgId)
      .where('plan_id', '=', planId)
      .execute();
  }

  private async findByKey(purchaseKey: string): Promise<Subscription | null> {
    const row = await this.selectSubscriptions(this.store.db)
      .where('subscriptions.purchase_key', '=', purchaseKey)
      .executeTakeFirst();
    return row ? toSubscription(row) : null;
  }

  private selectSubscriptions(db: Kysely<Database>) {
    return db
      .selectFrom('subscriptions')
      .innerJoin('packages', 'packages.id', 'subscriptions.package_id')
      .selectAll('subscriptions')
      .select(['packages.name as package_name', 'packages.plan_id as plan_id', 'packages.limits as package_limits']);
  }
}

/**
 * One purchase inside the caller's transaction: the balance debit (unless `funding: 'paid'`), the
 * subscription row under `purchaseKey` (unique: a second one fails the transaction) and the plan.
 */
export async function buyInTransaction(
  db: Kysely<Database>,
  orgId: string,
  pack: PackageDefinition,
  purchaseKey: string,
  options: PurchaseOptions,
  now: number,
): Promise<PurchaseResult> {
  let debit: LedgerEntry | null = null;
  if ((options.funding ?? 'balance') === 'balance' && pack.price > 0) {
    try {
      ({ entry: debit } = await postLedgerEntry(
        db,
        {
          orgId,
          kind: 'package_purchase',
          amount: -pack.price,
          idempotencyKey: `package:${purchaseKey}`,
          description: `Package '${pack.name}' (${pack.id}), ${pack.validityDays} days`,
        },
        now,
      ));
    } catch (error) {
      if (error instanceof KaiyuanError && error.code === 'insufficient_balance') {
        throw new KaiyuanError(
          'insufficient_balance',
          `The balance cannot pay for the package '${pack.name}' (${formatAmount(pack.price)}). Top up your balance first.`,
          { status: 402, type: 'insufficient_quota' },
        );
      }
      throw error;
    }
  }
  const row: SubscriptionsTable = {
    id: newId('sub'),
    org_id: orgId,
    package_id: pack.id,
    credit_left: pack.credit,
    tokens_left: pack.tokens,
    starts_at: now,
    expires_at: now + pack.validityDays * dayMs,
    auto_renew: options.autoRenew ? 1 : 0,
    state: 'active',
    purchase_key: purchaseKey,
    created_at: now,
  };
  await db.insertInto('subscriptions').values(row).execute();
  if (pack.planId)
    await db.updateTable('organizations').set({ plan_id: pack.planId }).where('id', '=', orgId).execute();
  return {
    subscription: toSubscription({ ...row, package_name: pack.name }),
    debit,
    applied: true,
  };
}

function toSubscription(row: SubscriptionsTable & { package_name: string }): Subscription {
  return {
    id: row.id,
    orgId: row.org_id,
    packageId: row.package_id,
    packageName: row.package_name,
    creditLeft: Number(row.credit_left),
    tokensLeft: Number(row.tokens_left),
    startsAt: Number(row.starts_at),
    expiresAt: Number(row.expires_at),
    autoRenew: row.auto_renew === 1,
    state: row.state,
    createdAt: Number(row.created_at),
  };
}

/** What admission needs of an active subscription. */
export interface ActiveSubscription {
  id: string;
  creditLeft: number;
  tokensLeft: number;
  expiresAt: number;
  models: string[];
  limits: LimitSettings;
}
