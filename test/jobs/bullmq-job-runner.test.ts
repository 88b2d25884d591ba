import { readFileSync } from 'node:fs';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BullmqJobRunner, SHARDS_QUEUE, type ShardData } from '../../src/jobs/bullmq-job-runner.ts';
import { defineShard, payloadUpgrade } from '../../src/jobs/job-definition.ts';
import type { Store } from '../../src/store/database.ts';
import { greetV1, greetV2, slowJob } from '../support/test-jobs.ts';
import { createTestStore } from '../support/test-store.ts';
import {
  createWorkbenchFixture,
  silentLogger,
  waitForJob,
  writeJsonl,
  type WorkbenchFixture,
} from '../data/workbench-support.ts';

const redisUrl = process.env.TEST_REDIS_URL;
const ORG = 'org_bull';

// The articles differ only by their numbers: character shingles (the default) rightly find them near
// one another, word shingles keep them apart, so the shards have records to agree on.
const recipe = `
name: mixed
operators:
  - normalize: { chinese: t2s }
  - pii_redact
  - near_dedup: { threshold: 0.7, shingles: words }
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
    fixture.jobs.register(slowJob);
    const job = await fixture.jobs.enqueue(slowJob, { steps: 1000, delayMs: 10 }, { orgId: ORG });
    for (let tries = 0; tries < 200 && (await fixture.jobs.get(job.id))!.status !== 'running'; tries++)
      await new Promise((resolve) => setTimeout(resolve, 20));
    await fixture.jobs.cancel(job.id, ORG);
    const finished = await waitForJob(fixture.jobs, job.id);
    expect(finished.status).toBe('cancelled');
  });
});

const squareShard = defineShard({
  type: 'test.square',
  version: 2,
  schema: z.object({ value: z.number() }),
  upgrades: [payloadUpgrade(1, z.object({ text: z.string() }), ({ text }) => ({ value: Number(text) }))],
  handler: async ({ value }) => value * value,
});

describe.skipIf(!redisUrl)('BullMQ jobs queued by an older deploy', () => {
  let store: Store;
  const runners: BullmqJobRunner[] = [];
  const queues: Queue[] = [];
  /** Each test has its own queues, as one deployment has. */
  let prefix = '';
  beforeEach(() => {
    prefix = `kaiyuan-test-deploy-${process.pid}-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
  });
  const runner = () => {
    const created = new BullmqJobRunner({ store, logger: silentLogger, redisUrl: redisUrl!, prefix });
    runners.push(created);
    return created;
  };
  beforeAll(async () => {
    store = await createTestStore();
  });
  afterAll(async () => {
    for (const queue of queues) await queue.obliterate({ force: true }).catch(() => undefined);
    for (const queue of queues) await queue.close();
    for (const created of runners) await created.close();
    await store.close();
  });

  it('upgrade what they can, fail what no longer parses with the reason, and keep the worker running', async () => {
    // The old deploy queues three jobs on Redis and stops before any worker takes them.
    const old = runner();
    old.register(greetV1);
    const ada = await old.enqueue(greetV1, { name: 'Ada Lovelace' }, { orgId: ORG });
    const broken = await old.enqueue(greetV1, { name: 'Grace Hopper' }, { orgId: ORG });
    const alan = await old.enqueue(greetV1, { name: 'Alan Turing' }, { orgId: ORG });
    await old.close();
    await store.db.updateTable('jobs').set({ payload: '{"name":""}' }).where('id', '=', broken.id).execute();

    const current = runner();
    current.register(greetV2);
    await current.startWorkers();
    expect(await waitForJob(current, ada.id)).toMatchObject({ status: 'succeeded', result: 'Hello, Ada (Lovelace)' });
    expect(await waitForJob(current, broken.id)).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/^The payload of job test\.greet \(schema version 1\) does not parse: name: /),
    });
    expect(await waitForJob(current, alan.id)).toMatchObject({ status: 'succeeded', result: 'Hello, Alan (Turing)' });
  }, 30_000);

  it('fail a shard whose payload no longer parses with the reason, and run the next one', async () => {
    const current = runner();
    current.registerShard(squareShard);
    await current.startWorkers();
    const connection = new Redis(redisUrl!, { maxRetriesPerRequest: null });
    const shards = new Queue(SHARDS_QUEUE, { connection, prefix });
    queues.push(shards);
    // As older versions wrote them: without a version (1), with version 1, and one that no longer parses.
    const added = await shards.addBulk([
      { name: 'test.square', data: { parentJobId: 'job_old', payload: { text: '3' } } satisfies ShardData },
      { name: 'test.square', data: { parentJobId: 'job_old', payload: { text: 'x' }, version: 1 } satisfies ShardData },
      {
        name: 'test.square',
        data: { parentJobId: 'job_old', payload: { value: 'x' }, version: 2 } satisfies ShardData,
      },
      { name: 'test.square', data: { parentJobId: 'job_old', payload: { value: 5 }, version: 2 } satisfies ShardData },
    ]);
    const settled = async (id: string) => {
      for (let tries = 0; tries < 300; tries++) {
        const state = await shards.getJobState(id);
        if (state === 'completed' || state === 'failed') {
          // Read the job after its state: a copy fetched earlier may predate its return value.
          const shard = (await shards.getJob(id))!;
          return { state, value: shard.returnvalue, reason: shard.failedReason };
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`shard ${id} did not finish`);
    };
    expect(await settled(added[0]!.id!)).toMatchObject({ state: 'completed', value: 9 });
    expect(await settled(added[1]!.id!)).toMatchObject({
      state: 'failed',
      reason: expect.stringMatching(
        /^The payload of shard test\.square \(schema version 1, upgraded to 2\) does not parse: value: /,
      ),
    });
    expect(await settled(added[2]!.id!)).toMatchObject({
      state: 'failed',
      reason: expect.stringMatching(/^The payload of shard test\.square \(schema version 2\) does not parse: value: /),
    });
    expect(await settled(added[3]!.id!)).toMatchObject({ state: 'completed', value: 25 });
    connection.disconnect();
  }, 30_000);
});
