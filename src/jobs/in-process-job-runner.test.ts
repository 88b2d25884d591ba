import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { greetV1, greetV2 } from '../../test/support/test-jobs.ts';
import { createTestStore } from '../../test/support/test-store.ts';
import type { Store } from '../store/database.ts';
import { InProcessJobRunner } from './in-process-job-runner.ts';
import { defineJob, defineShard } from './job-definition.ts';
import type { JobRecord } from './job-types.ts';

const logger = pino({ level: 'silent' });

const countJob = defineJob({
  type: 'test.count',
  version: 1,
  schema: z.object({ total: z.number().int().positive() }),
  /** `probe` records the stored percent at the tenth item: progress reaches the store while the job runs. */
  handler: async (
    { total },
    context,
    probe: { seen: number[]; read: (jobId: string) => Promise<JobRecord | null> },
  ) => {
    for (let index = 1; index <= total; index++) {
      await context.progress({ itemsDone: index, itemsTotal: total, stage: 'counting' });
      if (index === 10) probe.seen.push((await probe.read(context.job.id))!.progress.percent);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    return { counted: total };
  },
});
const failJob = defineJob({
  type: 'test.fail',
  version: 1,
  schema: z.object({}),
  handler: async () => {
    throw new Error('the input is broken');
  },
});
const sleepJob = defineJob({
  type: 'test.sleep',
  version: 1,
  schema: z.object({ ms: z.number().int().min(0) }),
  handler: ({ ms }) => new Promise((resolve) => setTimeout(() => resolve({ slept: ms }), ms)),
});
const unregisteredJob = defineJob({ ...failJob, type: 'test.unknown' });

const squareShard = defineShard({
  type: 'test.square',
  version: 1,
  schema: z.object({ value: z.number() }),
  handler: async ({ value }, context) => {
    await context.reportItems(1);
    return value * value;
  },
});
const sumOfSquaresJob = defineJob({
  type: 'test.sum-of-squares',
  version: 1,
  schema: z.object({ values: z.array(z.unknown()) }),
  handler: async ({ values }, context) => {
    const squares = await context.runShards(squareShard, values as Array<{ value: number }>);
    return squares.reduce((sum, square) => sum + square, 0);
  },
});

async function waitFor(runner: InProcessJobRunner, jobId: string): Promise<JobRecord> {
  await runner.whenIdle();
  return (await runner.get(jobId))!;
}

describe('in-process job runner', () => {
  let store: Store;
  let runner: InProcessJobRunner;
  beforeEach(async () => {
    store = await createTestStore();
    runner = new InProcessJobRunner({ store, logger });
  });
  afterEach(async () => {
    await runner.close();
    await store.close();
  });

  it('runs a job with progress, rate and ETA, and stores its result', async () => {
    const seen: number[] = [];
    runner.register(countJob, { seen, read: (jobId) => runner.get(jobId) });
    const job = await runner.enqueue(countJob, { total: 40 }, { orgId: 'org_1' });
    expect(job).toMatchObject({ status: 'queued', payloadVersion: 1 });
    await runner.whenIdle();
    const done = (await runner.get(job.id, 'org_1'))!;
    expect(done).toMatchObject({
      status: 'succeeded',
      result: { counted: 40 },
      progress: { percent: 100, itemsDone: 40, etaMs: 0, stage: 'counting' },
    });
    expect(done.progress.itemsPerSecond).toBeGreaterThan(0);
    expect(seen[0]).toBeGreaterThan(0);
    expect(await runner.get(job.id, 'org_other')).toBeNull();
    expect((await runner.list('org_1')).map((item) => item.id)).toEqual([job.id]);
  });

  it('records failures, unknown types and cancels queued jobs', async () => {
    runner.register(failJob);
    runner.register(sleepJob);
    const failing = await runner.enqueue(failJob, {}, { orgId: 'org_1' });
    const unknown = await runner.enqueue(unregisteredJob, {}, { orgId: 'org_1' });
    const blocking = await runner.enqueue(sleepJob, { ms: 100 }, { orgId: 'org_1' });
    const queued = await runner.enqueue(sleepJob, { ms: 100 }, { orgId: 'org_1' });
    expect((await runner.cancel(queued.id, 'org_1'))!.status).toBe('cancelled');
    await runner.whenIdle();
    expect(await runner.get(failing.id)).toMatchObject({ status: 'failed', error: 'the input is broken' });
    expect(await runner.get(unknown.id)).toMatchObject({
      status: 'failed',
      error: "No handler is registered for jobs of type 'test.unknown'.",
    });
    expect((await runner.get(blocking.id))!.status).toBe('succeeded');
    expect((await runner.get(queued.id))!.status).toBe('cancelled');
  });

  it('refuses a payload that does not fit the declaration at enqueue, and queues nothing', async () => {
    runner.register(sleepJob);
    await expect(runner.enqueue(sleepJob, { ms: -1 }, { orgId: 'org_1' })).rejects.toMatchObject({
      status: 400,
      code: 'invalid_job_payload',
      param: 'ms',
    });
    await expect(runner.enqueue(sleepJob, { ms: 'soon' } as never, { orgId: 'org_1' })).rejects.toMatchObject({
      code: 'invalid_job_payload',
    });
    expect(await runner.list('org_1')).toEqual([]);
    expect(() => runner.register(defineJob({ ...sleepJob }))).toThrow("Job type 'test.sleep' is declared twice.");
  });

  it('validates shard payloads before any shard runs', async () => {
    runner.register(sumOfSquaresJob);
    runner.registerShard(squareShard);
    const good = await runner.enqueue(sumOfSquaresJob, { values: [{ value: 2 }, { value: 3 }] }, { orgId: 'org_1' });
    expect(await waitFor(runner, good.id)).toMatchObject({ status: 'succeeded', result: 13 });
    const bad = await runner.enqueue(sumOfSquaresJob, { values: [{ value: 2 }, { value: 'x' }] }, { orgId: 'org_1' });
    expect(await waitFor(runner, bad.id)).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/^Invalid payload for shard test\.square \(schema version 1\): value: /),
    });
  });
});

describe('jobs queued by an older deploy', () => {
  let store: Store;
  beforeEach(async () => {
    store = await createTestStore();
  });
  afterEach(() => store.close());

  /** Queues payloads with the old declaration while a long job holds the only slot, then stops that process. */
  async function queueOnOldDeploy(payloads: Array<{ name: string }>): Promise<string[]> {
    const old = new InProcessJobRunner({ store, logger });
    old.register(sleepJob);
    old.register(greetV1);
    await old.enqueue(sleepJob, { ms: 50 }, { orgId: 'org_1' });
    const ids: string[] = [];
    for (const payload of payloads) ids.push((await old.enqueue(greetV1, payload, { orgId: 'org_1' })).id);
    await old.close();
    return ids;
  }

  it('are taken over after the restart, their payloads upgraded by the declaration', async () => {
    const [ada, grace] = await queueOnOldDeploy([{ name: 'Ada Lovelace' }, { name: 'Grace Brewster Hopper' }]);
    expect(
      (await store.db.selectFrom('jobs').select('payload_version').where('id', '=', ada!).executeTakeFirst())!,
    ).toEqual({ payload_version: 1 });
    const current = new InProcessJobRunner({ store, logger, resumeQueued: true });
    current.register(greetV2);
    try {
      await current.startWorkers();
      expect(await waitFor(current, ada!)).toMatchObject({ status: 'succeeded', result: 'Hello, Ada (Lovelace)' });
      expect(await waitFor(current, grace!)).toMatchObject({
        status: 'succeeded',
        result: 'Hello, Grace (Brewster Hopper)',
      });
    } finally {
      await current.close();
    }
  });

  it('fail with a stored message when the payload no longer parses, and the runner goes on', async () => {
    const [broken, fine] = await queueOnOldDeploy([{ name: 'Ada Lovelace' }, { name: 'Alan Turing' }]);
    // A cell edited by hand (or written by a buggy older version): no longer version 1's shape.
    await store.db.updateTable('jobs').set({ payload: '{"name":42}' }).where('id', '=', broken!).execute();
    const current = new InProcessJobRunner({ store, logger, resumeQueued: true });
    current.register(greetV2);
    try {
      await current.startWorkers();
      expect(await waitFor(current, broken!)).toMatchObject({
        status: 'failed',
        error: expect.stringMatching(/^The payload of job test\.greet \(schema version 1\) does not parse: name: /),
      });
      expect(await waitFor(current, fine!)).toMatchObject({ status: 'succeeded', result: 'Hello, Alan (Turing)' });
    } finally {
      await current.close();
    }
  });

  it('are left alone by a process that does not resume (a CLI command)', async () => {
    const [queued] = await queueOnOldDeploy([{ name: 'Ada Lovelace' }]);
    const command = new InProcessJobRunner({ store, logger });
    command.register(greetV2);
    await command.startWorkers();
    await command.whenIdle();
    expect((await command.get(queued!))!.status).toBe('queued');
    await command.close();
  });
});
