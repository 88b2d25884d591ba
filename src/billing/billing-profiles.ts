import type { LimitSettings } from '../config/commerce-schema.ts';
import { ExpiringCache } from '../util/expiring-cache.ts';
import { parseJsonColumn } from '../store/json-columns.ts';
import type { Store } from '../store/database.ts';

/** What admission needs of an organization besides the principal: limit overrides and spend. */
export interface BillingProfile {
  orgId: string;
  planId: string;
  limitOverrides: LimitSettings;
  spentTotal: number;
}

/** One store read per organization per second at most. */
export class BillingProfiles {
  private readonly cache = new ExpiringCache<BillingProfile | null>(1000);

  constructor(private readonly store: Store) {}

  get(orgId: string): Promise<BillingProfile | null> {
    return this.cache.get(orgId, () => this.load(orgId));
  }

  forget(orgId: string): void {
    this.cache.delete(orgId);
  }

  private async load(orgId: string): Promise<BillingProfile | null> {
    const row = await this.store.db
      .selectFrom('organizations')
      .leftJoin('org_balances', 'org_balances.org_id', 'organizations.id')
      .select(['organizations.id', 'organizations.plan_id', 'organizations.limits', 'org_balances.spent_total'])
      .where('organizations.id', '=', orgId)
      .executeTakeFirst();
    if (!row) return null;
    return {
      orgId: row.id,
      planId: row.plan_id,
      limitOverrides: parseJsonColumn<LimitSettings>(row.limits, {}),
      spentTotal: Number(row.spent_total ?? 0),
    };
  }
}

/** The grant period of a moment: `YYYY-MM` in UTC. */
export function grantPeriod(now = Date.now()): string {
  // Every request of a plan with a grant asks for it (~0.5 µs spelled from a Date): the month asked
  // for last is remembered with its bounds, and spelled again only for a moment outside them.
  if (now >= lastPeriod.start && now < lastPeriod.end) return lastPeriod.text;
  const date = new Date(now);
  const text = date.toISOString().slice(0, 7);
  lastPeriod = {
    start: Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1),
    end: Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1),
    text,
  };
  return text;
}

let lastPeriod = { start: 0, end: 0, text: '' };
