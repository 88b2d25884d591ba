import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { createDataWorkbench, type DataWorkbench } from '../../src/data/data-workbench.ts';
import { InProcessJobRunner } from '../../src/jobs/in-process-job-runner.ts';
import type { JobRecord, JobRunner } from '../../src/jobs/job-types.ts';
import { isTerminal } from '../../src/jobs/job-types.ts';
import type { Store } from '../../src/store/database.ts';
import type { ExportRequest } from '../../src/data/data-workbench.ts';
import type { ExportJobResult } from '../../src/data/exporters/export-job.ts';
import { validateConfig } from '../../src/config/load-config.ts';
import { createTestStore, type StoreKind } from '../support/test-store.ts';

export interface WorkbenchFixture {
  store: Store;
  jobs: JobRunner;
  workbench: DataWorkbench;
  dataDir: string;
  close(): Promise<void>;
}

export const silentLogger = pino({ level: 'silent' });

export interface WorkbenchFixtureOptions {
  jobs?: (store: Store) => JobRunner;
  shardSize?: number;
  kind?: StoreKind;
  gzip?: boolean;
  exportRetentionDays?: number;
}

export async function createWorkbenchFixture(options: WorkbenchFixtureOptions = {}): Promise<WorkbenchFixture> {
  const store = await createTestStore(options.kind ?? 'sqlite');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kaiyuan-data-'));
  const config = validateConfig({ dataDir });
  const jobs = options.jobs ? options.jobs(store) : new InProcessJobRunner({ store, logger: silentLogger });
  const workbench = createDataWorkbench(store, config, silentLogger, jobs, {
    shardSize: options.shardSize,
    gzip: options.gzip,
    exportRetentionDays: options.exportRetentionDays,
  });
  await jobs.startWorkers();
  return {
    store,
    jobs,
    workbench,
    dataDir,
    close: async () => {
      await jobs.close();
      await store.close();
    },
  };
}

/** Polls the store until the job ends. */
export async function waitForJob(jobs: JobRunner, jobId: string, timeoutMs = 60_000): Promise<JobRecord> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await jobs.get(jobId);
    if (job && isTerminal(job.status)) return job;
    if (Date.now() > deadline) throw new Error(`job ${jobId} did not finish: ${JSON.stringify(job)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export function writeJsonl(directory: string, name: string, rows: unknown[]): string {
  const file = path.join(directory, name);
  writeFileSync(file, rows.map((row) => JSON.stringify(row)).join('\n') + '\n');
  return file;
}

export interface FinishedExport {
  job: JobRecord;
  result: ExportJobResult;
  /** The text of one of its files, through the download path. */
  read(file: string): Promise<string>;
}

/** Starts an export job, waits for it to succeed and gives its result and files. */
export async function exportAndWait(
  fixture: WorkbenchFixture,
  orgId: string,
  dataset: string,
  request: ExportRequest,
): Promise<FinishedExport> {
  const { workbench, jobs } = fixture;
  const job = await waitForJob(jobs, (await workbench.startExport(orgId, dataset, request)).id);
  if (job.status !== 'succeeded') throw new Error(`export ${job.status}: ${job.error}`);
  return {
    job,
    result: job.result as ExportJobResult,
    read: async (file) => readFileSync((await workbench.exportDownload(orgId, dataset, job.id, file)).file, 'utf8'),
  };
}
