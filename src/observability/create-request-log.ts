import type { Logger } from 'pino';
import type { KaiyuanConfig } from '../config/config-schema.ts';
import type { JobRunner } from '../jobs/job-types.ts';
import type { Store } from '../store/database.ts';
import { RequestLog } from './request-log.ts';
import { requestLogPruneJob } from './request-log-prune-job.ts';
import { RequestLogReader } from './request-log-reader.ts';
import type { RequestLogRowSink } from './request-log-writer.ts';

/** Organization id of platform jobs (not one tenant's); the same as the package expiry job's. */
const platformJobOrgId = 'platform';
const pruneEveryMs = 60 * 60_000;

export interface RequestLogParts {
  /** What the gateway reports to; null when the log is off. */
  log: RequestLog | null;
  reader: RequestLogReader;
  /** Registers the prune job and (servers only) queues it every hour. */
  startPruning(jobs: JobRunner, schedule: boolean): void;
  close(): Promise<void>;
}

/** The request log, its reader and its retention, as the composition root wires them. */
export function createRequestLog(
  store: Store,
  config: KaiyuanConfig,
  logger: Logger,
  /** Where rows go instead of a writer of this process (a worker whose primary writes for it). */
  rowSink?: RequestLogRowSink,
): RequestLogParts {
  const settings = config.requestLog;
  const log = settings.enabled ? new RequestLog(store, logger, settings, rowSink) : null;
  let timer: NodeJS.Timeout | null = null;
  let first: NodeJS.Timeout | null = null;
  return {
    log,
    reader: new RequestLogReader(store, settings.retentionDays),
    startPruning(jobs, schedule) {
      jobs.register(requestLogPruneJob, {
        store,
        retentionDays: settings.retentionDays,
        bodyRetentionDays: settings.bodies.retentionDays,
      });
      if (!schedule) return;
      const enqueue = () =>
        jobs
          .enqueue(requestLogPruneJob, {}, { orgId: platformJobOrgId })
          .catch((error) => logger.warn({ err: error }, 'queueing the request log prune job failed'));
      // A first run soon after start (a server restarted often would otherwise never prune), then hourly.
      first = setTimeout(enqueue, 60_000);
      first.unref();
      timer = setInterval(enqueue, pruneEveryMs);
      timer.unref();
    },
    async close() {
      if (timer) clearInterval(timer);
      if (first) clearTimeout(first);
      await log?.drain();
    },
  };
}
