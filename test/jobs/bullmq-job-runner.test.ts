import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { BullmqJobRunner } from '../../src/jobs/bullmq-job-runner.ts';
import {
  createWorkbenchFixture,
  silentLogger,
  waitForJob,
  writeJsonl,
  type WorkbenchFixture,
} from '../data/workbench-support.ts';

const redisUrl = process.env.TEST_REDIS_URL;
const ORG = 'org_bull';

const recipe = `
name: mixed
operators:
  - normalize: { chinese: t2s }
  - pii_redact
  - near_dedup: { threshold: 0.7 }
  - length_filter: { minCharacters: 5 }
  - exact_dedup
`;

function corpus(): unknown[] {
  const rows: unknown[] = [];
  for (let index = 0; index < 60; index++) {
    const text = `第${index}篇文章：今天天气很好，我们去公园散步，看见了${index}只小鸟在树上唱歌。联系邮箱 user${index}@example.com 。Article ${index} about walking in the park with friends and family.`;
    rows.push({ id: `d${index}`, text });
    if (index % 10 === 0) rows.push({ id: `d${index}-near`, text: `${text} 转载` });
  }
  return rows;
}

async function runOnce(fixture: WorkbenchFixture): Promise<{ lines: string; statistics: unknown; samples: unknown }> {
  const { workbench, jobs, dataDir } = fixture;
  await workbench.createDataset(ORG, 'articles');
  const file = writeJsonl(dataDir, 'articles.jsonl', corpus());
  const imported = await waitForJob(jobs, (await workbench.startImport(ORG, 'articles', { file })).id);
  expect(imported.status, imported.error ?? '').toBe('succeeded');
  const ran = await waitForJob(jobs, (await workbench.startRecipe(ORG, 'articles', recipe)).id);
  expect(ran.status, ran.error ?? '').toBe('succeeded');
  const version = await workbench.getVersion(ORG, 'articles');
  return {
    lines: readFileSync(workbench.paths.absolute(version.filePath), 'utf8'),
    statistics: version.statistics,
    samples: version.samples,
  };
}

describe.skipIf(!redisUrl)('BullMQ job runner', () => {
  const fixtures: WorkbenchFixture[] = [];
  afterAll(async () => {
    for (const fixture of fixtures) await fixture.close();
  });

  it('runs a sharded recipe on workers with the same result as in-process', async () => {
    const inProcess = await createWorkbenchFixture();
    fixtures.push(inProcess);
    const expected = await runOnce(inProcess);

    const prefix = `kaiyuan-test-${process.pid}-${Date.now()}`;
    const sharded = await createWorkbenchFixture({
      shardSize: 13,
      jobs: (store) =>
        new BullmqJobRunner({
          store,
          logger: silentLogger,
          redisUrl: redisUrl!,
          prefix,
          jobConcurrency: 2,
          shardConcurrency: 2,
        }),
    });
    fixtures.push(sharded);
    const actual = await runOnce(sharded);
    expect(actual.lines.split('\n').length).toBeGreaterThan(50);
    expect(actual.lines).toBe(expected.lines);
    expect(actual.statistics).toEqual(expected.statistics);
    expect(actual.samples).toEqual(expected.samples);
  }, 60_000);

  it('cancels a running job', async () => {
    const prefix = `kaiyuan-test-cancel-${process.pid}-${Date.now()}`;
    const fixture = await createWorkbenchFixture({
      jobs: (store) => new BullmqJobRunner({ store, logger: silentLogger, redisUrl: redisUrl!, prefix }),
    });
    fixtures.push(fixture);
    fixture.jobs.registerHandler('test.slow', async (_payload, context) => {
      for (let index = 0; index < 1000; index++) {
        await context.progress({ itemsDone: index, itemsTotal: 1000 });
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    });
    const job = await fixture.jobs.enqueue('test.slow', {}, { orgId: ORG });
    for (let tries = 0; tries < 200 && (await fixture.jobs.get(job.id))!.status !== 'running'; tries++)
      await new Promise((resolve) => setTimeout(resolve, 20));
    await fixture.jobs.cancel(job.id, ORG);
    const finished = await waitForJob(fixture.jobs, job.id);
    expect(finished.status).toBe('cancelled');
  });
});
