import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { Principal, Role } from '../../src/accounts/principal.ts';
import { validateConfig } from '../../src/config/load-config.ts';
import { createDataWorkbench, type DataWorkbench } from '../../src/data/data-workbench.ts';
import type { InferenceService } from '../../src/inference/inference-service.ts';
import { InProcessJobRunner } from '../../src/jobs/in-process-job-runner.ts';
import { isTerminal, type JobRecord, type JobRunner } from '../../src/jobs/job-types.ts';
import { createLabelingService } from '../../src/labeling/create-labeling.ts';
import type { LabelingExportResult } from '../../src/labeling/export/labeling-export-job.ts';
import type { Actor } from '../../src/labeling/labeling-access.ts';
import type { LabelingService } from '../../src/labeling/labeling-service.ts';
import type { Store } from '../../src/store/database.ts';
import { createTestStore, type StoreKind } from '../support/test-store.ts';

export const silentLogger = pino({ level: 'silent' });

export interface LabelingFixture {
  store: Store;
  jobs: InProcessJobRunner;
  workbench: DataWorkbench;
  labeling: LabelingService;
  dataDir: string;
  close(): Promise<void>;
}

/** A store of the given kind with workbench and labeling over an in-process job runner (no gateway unless given). */
export async function createLabelingFixture(kind: StoreKind, inference?: InferenceService): Promise<LabelingFixture> {
  const store = await createTestStore(kind);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kaiyuan-labeling-'));
  const config = validateConfig({ dataDir });
  const jobs = new InProcessJobRunner({ store, logger: silentLogger });
  const workbench = createDataWorkbench(store, config, silentLogger, jobs);
  const labeling = createLabelingService(store, config, jobs, inference ?? ({} as InferenceService), workbench, {
    checkAnnotators: false,
  });
  return {
    store,
    jobs,
    workbench,
    labeling,
    dataDir,
    close: async () => {
      await jobs.close();
      await store.close();
    },
  };
}

/** A principal as the authenticator would build it, for service-level tests. */
export function principalOf(orgId: string, role: Role, userId: string): Principal {
  return {
    kind: 'session',
    orgId,
    orgName: orgId,
    role,
    userId,
    keyId: null,
    planId: 'pro',
    allowedModels: [],
    keyLimits: {},
    allowedRegions: [],
  };
}

/** Imports rows as a new dataset version and waits for it. */
export async function importRows(
  workbench: DataWorkbench,
  jobs: JobRunner,
  orgId: string,
  name: string,
  rows: unknown[],
  dataDir: string,
  mapping?: Record<string, unknown>,
): Promise<void> {
  await workbench.createDataset(orgId, name);
  const file = path.join(dataDir, `${name}-${Date.now()}.jsonl`);
  writeFileSync(file, rows.map((row) => JSON.stringify(row)).join('\n') + '\n');
  const job = await workbench.startImport(orgId, name, { file, ...(mapping ? { mapping: mapping as never } : {}) });
  const done = await waitForJob(jobs, job.id);
  if (done.status !== 'succeeded') throw new Error(`import failed: ${done.error}`);
}

export async function waitForJob(jobs: JobRunner, jobId: string, timeoutMs = 30_000): Promise<JobRecord> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await jobs.get(jobId);
    if (job && isTerminal(job.status)) return job;
    if (Date.now() > deadline) throw new Error(`job ${jobId} did not finish: ${JSON.stringify(job)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Starts an export job of a project, waits for it and returns its result with the directory of its files. */
export async function exportAndWait(
  fixture: LabelingFixture,
  actor: Actor,
  project: string,
  request: Parameters<LabelingService['startExport']>[2],
): Promise<LabelingExportResult & { id: string; directory: string }> {
  const job = await waitForJob(fixture.jobs, (await fixture.labeling.startExport(actor, project, request)).id);
  if (job.status !== 'succeeded') throw new Error(`export ${job.status}: ${job.error}`);
  const result = job.result as LabelingExportResult;
  const train = await fixture.labeling.exportFile(actor, project, job.id, result.files[0]!);
  return { ...result, id: job.id, directory: path.dirname(train) };
}
