import { z } from 'zod';
import { defineJob } from '../../jobs/job-definition.ts';
import type { Subscriptions } from './subscriptions.ts';

export interface PackageExpiryDependencies {
  subscriptions: Subscriptions;
  /** Plan an organization returns to when the plan it bought with a package lapses. */
  fallbackPlanId: string;
}

/** Organization id of platform jobs (not one tenant's). */
export const platformJobOrgId = 'platform';

/**
 * Ends subscriptions whose validity is over: auto-renewal from the balance, else expiry and the
 * plan they brought dropped. Safe to run on every replica and twice: each step is a
 * compare-and-set or an idempotent purchase.
 */
export const packageExpiryJob = defineJob({
  type: 'packages.expire',
  version: 1,
  schema: z.object({ now: z.number().int().positive().optional() }).strict(),
  handler: async (payload, _context, dependencies: PackageExpiryDependencies) =>
    dependencies.subscriptions.expireDue(dependencies.fallbackPlanId, payload.now),
});
