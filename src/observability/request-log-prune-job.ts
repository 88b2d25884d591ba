import { z } from 'zod';
import { defineJob } from '../jobs/job-definition.ts';
import type { Store } from '../store/database.ts';
import { pruneRequestLog, type PruneResult } from './request-log-pruner.ts';

export interface RequestLogPruneDependencies {
  store: Store;
  retentionDays: number;
  bodyRetentionDays: number;
}

/**
 * Deletes request log rows and bodies past the operator's retention (in small batches). Safe on
 * every replica and twice at once: a row deleted by another run is simply not counted.
 */
export const requestLogPruneJob = defineJob({
  type: 'request-log.prune',
  version: 1,
  schema: z.object({ now: z.number().int().positive().optional() }).strict(),
  handler: async (payload, _context, dependencies: RequestLogPruneDependencies): Promise<PruneResult> =>
    pruneRequestLog(dependencies.store, {
      retentionDays: dependencies.retentionDays,
      bodyRetentionDays: dependencies.bodyRetentionDays,
      now: payload.now,
    }),
});
