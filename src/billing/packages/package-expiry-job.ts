import { z } from 'zod';
import { defineJob } from '../../jobs/job-definition.ts';
import type { JobRunner } from '../../jobs/job-types.ts';
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

/**
 * Declares the expiry job on the runner and, in a server (not a one-off command), queues it every
 * `intervalMs` on every replica (idempotent, so several replicas queueing it is harmless).
 * Returns what stops the timer.
 */
export function schedulePackageExpiry(
  jobs: Pick<JobRunner, 'register' | 'enqueue'>,
  dependencies: PackageExpiryDependencies,
  options: { schedule: boolean; intervalMs?: number; onError: (error: unknown) => void },
): { stop(): void } {
  jobs.register(packageExpiryJob, dependencies);
  if (!options.schedule) return { stop: () => undefined };
  const timer = setInterval(
    () => {
      jobs.enqueue(packageExpiryJob, {}, { orgId: platformJobOrgId }).catch(options.onError);
    },
    options.intervalMs ?? 10 * 60_000,
  );
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
