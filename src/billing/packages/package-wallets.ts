import type { LimitSettings } from '../../config/commerce-schema.ts';
import type { Store } from '../../store/database.ts';
import { parseJsonColumn, parseStringList } from '../../store/json-columns.ts';
import { ExpiringCache } from '../../util/expiring-cache.ts';
import type { ActiveSubscription } from './subscriptions.ts';

export type PackageUnit = 'tokens' | 'credit';

/**
 * The active subscriptions of an organization as admission reads them: one store read per
 * organization per second at most (like billing profiles), soonest-expiring first so that what
 * would lapse is used first. What is left is re-read from the store when a reservation opens.
 */
export class PackageWallets {
  private readonly cache = new ExpiringCache<ActiveSubscription[]>(1000);

  constructor(private readonly store: Store) {}

  active(orgId: string, now = Date.now()): Promise<ActiveSubscription[]> {
    return this.cache.get(orgId, () => this.load(orgId, now));
  }

  forget(orgId: string): void {
    this.cache.delete(orgId);
  }

  /** The subscriptions that may pay for `model`, with the unit each still has. */
  covering(orgId: string, model: string, now = Date.now()): Promise<ActiveSubscription[]> {
    // A `.then`, not an async function: admission calls this on every request (one promise fewer).
    return this.active(orgId, now).then((wallet) =>
      wallet.filter(
        (subscription) =>
          subscription.expiresAt > now && (subscription.models.length === 0 || subscription.models.includes(model)),
      ),
    );
  }

  /** The limits active packages add over the plan's (the highest of each). */
  limitsOf(wallet: readonly ActiveSubscription[]): LimitSettings {
    const merged: LimitSettings = {};
    for (const subscription of wallet) {
      for (const name of ['rpm', 'rpd', 'tpm', 'tpd'] as const) {
        const value = subscription.limits[name];
        if (value !== undefined) merged[name] = Math.max(merged[name] ?? 0, value);
      }
    }
    return merged;
  }

  /** What is left of one unit of a subscription, from the store (opens a reservation). */
  async left(subscriptionId: string, unit: PackageUnit): Promise<number> {
    const row = await this.store.db
      .selectFrom('subscriptions')
      .select(['tokens_left', 'credit_left', 'state'])
      .where('id', '=', subscriptionId)
      .executeTakeFirst();
    if (!row || row.state !== 'active') return 0;
    return Number(unit === 'tokens' ? row.tokens_left : row.credit_left);
  }

  private async load(orgId: string, now: number): Promise<ActiveSubscription[]> {
    const rows = await this.store.db
      .selectFrom('subscriptions')
      .innerJoin('packages', 'packages.id', 'subscriptions.package_id')
      .select([
        'subscriptions.id',
        'subscriptions.credit_left',
        'subscriptions.tokens_left',
        'subscriptions.expires_at',
        'packages.models',
        'packages.limits',
      ])
      .where('subscriptions.org_id', '=', orgId)
      .where('subscriptions.state', '=', 'active')
      .where('subscriptions.expires_at', '>', now)
      .orderBy('subscriptions.expires_at')
      .execute();
    return rows.map((row) => ({
      id: row.id,
      creditLeft: Number(row.credit_left),
      tokensLeft: Number(row.tokens_left),
      expiresAt: Number(row.expires_at),
      models: parseStringList(row.models),
      limits: parseJsonColumn<LimitSettings>(row.limits, {}),
    }));
  }
}
