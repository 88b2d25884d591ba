import cliProgress from 'cli-progress';
import { createDataWorkbench, type DataWorkbench } from '../../data/data-workbench.ts';
import { createJobRunner } from '../../jobs/create-job-runner.ts';
import { isTerminal, type JobRecord, type JobRunner } from '../../jobs/job-types.ts';
import type { Store } from '../../store/database.ts';
import { KaiyuanError } from '../../util/errors.ts';
import { openStoreFromConfig } from '../open-store-from-config.ts';
import { asCliError, resolveOrganization } from './command-support.ts';

export interface DataCliContext {
  workbench: DataWorkbench;
  jobs: JobRunner;
  store: Store;
  orgId: string;
}

/** Opens store, job runner (in-process here, or BullMQ when REDIS_URL is set) and workbench for one command. */
export async function withDataWorkbench<T>(
  org: string | undefined,
  work: (context: DataCliContext) => Promise<T>,
): Promise<T> {
  const opened = await openStoreFromConfig();
  const jobs = createJobRunner(opened.store, opened.config, opened.logger);
  try {
    const workbench = createDataWorkbench(opened.store, opened.config, opened.logger, jobs);
    const orgId = await resolveOrganization(opened.store, org);
    return await work({ workbench, jobs, store: opened.store, orgId });
  } catch (error) {
    throw asCliError(error);
  } finally {
    await jobs.close().catch(() => undefined);
    await opened.close().catch(() => undefined);
  }
}

function formatEta(milliseconds: number | null): string {
  if (milliseconds === null) return '--';
  const seconds = Math.round(milliseconds / 1000);
  return seconds >= 60 ? `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s` : `${seconds}s`;
}

/** Follows a job with a progress bar (percent, docs/s, ETA); Ctrl-C cancels it. */
export async function followJob(jobs: JobRunner, job: JobRecord, label: string): Promise<JobRecord> {
  const interactive = process.stderr.isTTY === true;
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} |{bar}| {percentage}% | {docs} docs | {rate} docs/s | ETA {eta_text} | {stage}`,
      hideCursor: true,
      stream: process.stderr,
      noTTYOutput: !interactive,
      notTTYSchedule: 5_000,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(100, 0, { docs: 0, rate: '0', eta_text: '--', stage: 'queued' });
  let interrupted = false;
  const onInterrupt = () => {
    interrupted = true;
    void jobs.cancel(job.id);
  };
  process.once('SIGINT', onInterrupt);
  let waitedForWorker = 0;
  try {
    for (;;) {
      const current = (await jobs.get(job.id))!;
      bar.update(Math.floor(current.progress.percent), {
        docs: current.progress.itemsDone,
        rate: current.progress.itemsPerSecond.toFixed(0),
        eta_text: formatEta(current.progress.etaMs),
        stage: current.progress.stage ?? current.status,
      });
      if (isTerminal(current.status)) {
        bar.stop();
        return current;
      }
      if (current.status === 'queued' && jobs.kind === 'bullmq' && ++waitedForWorker === 50) {
        process.stderr.write(
          '\nWaiting for a worker: start one with `kaiyuan worker` (REDIS_URL is set, so jobs run on workers).\n',
        );
      }
      await new Promise((resolve) => setTimeout(resolve, interrupted ? 50 : 200));
    }
  } finally {
    process.removeListener('SIGINT', onInterrupt);
  }
}

/** A finished job as a command result: its error becomes a readable failure. */
export function requireSucceeded(job: JobRecord): void {
  if (job.status === 'succeeded') return;
  throw new KaiyuanError(
    'job_' + job.status,
    job.status === 'cancelled' ? 'The job was cancelled.' : `The job failed: ${job.error ?? 'unknown error'}`,
    { status: 500, type: 'server_error' },
  );
}
