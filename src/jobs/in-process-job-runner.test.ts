import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestStore } from '../../test/support/test-store.ts';
import type { Store } from '../store/database.ts';
import { InProcessJobRunner } from './in-process-job-runner.ts';

describe('in-process job runner', () => {
  let store: Store;
  let runner: InProcessJobRunner;
  beforeEach(async () => {
    store = await createTestStore();
    runner = new InProcessJobRunner({ store, logger: pino({ level: 'silent' }) });
  });
  afterEach(async () => {
    await runner.close();
    await store.close();
  });

  it('runs a job with progress, rate and ETA, and stores its result', async () => {
    const seen: number[] = [];
    runner.registerHandler('test.count', async (payload, context) => {
      const total = (payload as { total: number }).total;
      for (let index = 1; index <= total; index++) {
        await context.progress({ itemsDone: index, itemsTotal: total, stage: 'counting' });
        if (index === 10) {
          const job = await runner.get(context.job.id);
          seen.push(job!.progress.percent);
        }
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      return { counted: total };
    });
    const job = await runner.enqueue('test.count', { total: 40 }, { orgId: 'org_1' });
    expect(job.status).toBe('queued');
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
    runner.registerHandler('test.fail', async () => {
      throw new Error('the input is broken');
    });
    runner.registerHandler('test.block', () => new Promise((resolve) => setTimeout(resolve, 100)));
    const failing = await runner.enqueue('test.fail', {}, { orgId: 'org_1' });
    const unknown = await runner.enqueue('test.unknown', {}, { orgId: 'org_1' });
    const blocking = await runner.enqueue('test.block', {}, { orgId: 'org_1' });
    const queued = await runner.enqueue('test.block', {}, { orgId: 'org_1' });
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
});
