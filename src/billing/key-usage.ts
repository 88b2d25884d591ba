import type { Store } from '../store/database.ts';

/** What one API key did: when it was last used, this month's requests and spend, today's use. */
export interface KeyUsage {
  keyId: string;
  /** Epoch ms of the latest request in the last 90 days; null when none. */
  lastUsedAt: number | null;
  requestsThisMonth: number;
  /** Nano-units charged this (UTC) month. */
  spendThisMonth: number;
  /** Today (UTC): requests and tokens, against the key's per-day limits. */
  requestsToday: number;
  tokensToday: number;
}

const dayMs = 86_400_000;
const lastUsedWindowMs = 90 * dayMs;

/**
 * Per-key figures of an organization from its usage records (read through the org/time index):
 * three grouped queries over bounded windows (90 days, this month, today).
 */
export async function keyUsageOf(store: Store, orgId: string, now = Date.now()): Promise<KeyUsage[]> {
  const today = Math.floor(now / dayMs) * dayMs;
  const date = new Date(now);
  const monthStart = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
  const grouped = (from: number) =>
    store.db
      .selectFrom('usage_records')
      .where('org_id', '=', orgId)
      .where('created_at', '>=', from)
      .where('key_id', 'is not', null)
      .groupBy('key_id');
  const [recent, month, day] = await Promise.all([
    grouped(now - lastUsedWindowMs)
      .select((eb) => ['key_id', eb.fn.max('created_at').as('last_used')])
      .execute(),
    grouped(monthStart)
      .select((eb) => ['key_id', eb.fn.countAll().as('requests'), eb.fn.sum('charged').as('spend')])
      .execute(),
    grouped(today)
      .select((eb) => [
        'key_id',
        eb.fn.countAll().as('requests'),
        eb.fn.sum(eb('prompt_tokens', '+', eb.ref('completion_tokens'))).as('tokens'),
      ])
      .execute(),
  ]);
  const usage = new Map<string, KeyUsage>();
  const entry = (keyId: string): KeyUsage => {
    let found = usage.get(keyId);
    if (!found) {
      found = { keyId, lastUsedAt: null, requestsThisMonth: 0, spendThisMonth: 0, requestsToday: 0, tokensToday: 0 };
      usage.set(keyId, found);
    }
    return found;
  };
  for (const row of recent) entry(row.key_id!).lastUsedAt = Number(row.last_used);
  for (const row of month) {
    const found = entry(row.key_id!);
    found.requestsThisMonth = Number(row.requests);
    found.spendThisMonth = Number(row.spend ?? 0);
  }
  for (const row of day) {
    const found = entry(row.key_id!);
    found.requestsToday = Number(row.requests);
    found.tokensToday = Number(row.tokens ?? 0);
  }
  return [...usage.values()];
}
