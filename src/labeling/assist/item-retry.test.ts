import { describe, expect, it } from 'vitest';
import { KaiyuanError } from '../../util/errors.ts';
import { isFatalForJob, isRetryable, retryDelay, withItemRetries } from './item-retry.ts';
import { ModelAnswerError } from './model-answer.ts';

const breakerOpen = () =>
  new KaiyuanError('no_available_deployment', 'No deployment is available right now.', {
    status: 503,
    type: 'upstream_error',
    retryable: true,
    retryAfterMs: 7_000,
  });
const upstream500 = () =>
  new KaiyuanError('upstream_error', 'Upstream failed.', { status: 502, type: 'upstream_error' });
const noBalance = () =>
  new KaiyuanError('insufficient_balance', 'No balance.', { status: 402, type: 'insufficient_quota' });

describe('retrying one item of an assist job', () => {
  const policy = { attempts: 4, baseMs: 1_000, maxMs: 30_000 };

  it('waits out an open breaker (its retry-after) and succeeds on a later try', async () => {
    const waits: number[] = [];
    let calls = 0;
    const outcome = await withItemRetries(
      async () => {
        calls++;
        if (calls === 1) throw upstream500();
        if (calls === 2) throw breakerOpen();
        return 'label';
      },
      policy,
      new AbortController().signal,
      async (ms) => {
        waits.push(ms);
      },
    );
    expect(outcome).toEqual({ value: 'label', retries: 2 });
    expect(waits).toHaveLength(2);
    expect(waits[0]).toBeGreaterThanOrEqual(500);
    expect(waits[0]).toBeLessThanOrEqual(1_000);
    expect(waits[1]).toBe(7_000);
  });

  it('gives up after the tries and throws the last error', async () => {
    let calls = 0;
    await expect(
      withItemRetries(
        async () => {
          calls++;
          throw breakerOpen();
        },
        { ...policy, attempts: 3 },
        new AbortController().signal,
        async () => {},
      ),
    ).rejects.toMatchObject({ code: 'no_available_deployment' });
    expect(calls).toBe(3);
  });

  it('does not retry what cannot pass: unreadable answers, item errors and job-fatal errors', async () => {
    for (const error of [new ModelAnswerError('no JSON', ''), noBalance()]) {
      let calls = 0;
      await expect(
        withItemRetries(
          async () => {
            calls++;
            throw error;
          },
          policy,
          new AbortController().signal,
          async () => {},
        ),
      ).rejects.toBe(error);
      expect(calls).toBe(1);
    }
    expect(isFatalForJob(noBalance())).toBe(true);
    expect(isFatalForJob(breakerOpen())).toBe(false);
    expect(
      isFatalForJob(
        new KaiyuanError('context_length_exceeded', 'Too long.', { status: 400, type: 'invalid_request_error' }),
      ),
    ).toBe(false);
    expect(isRetryable(upstream500())).toBe(true);
    expect(isRetryable(new KaiyuanError('rate_limited', 'Slow down.', { status: 429, type: 'rate_limit_error' }))).toBe(
      true,
    );
  });

  it('backs off exponentially with jitter, capped, and stops waiting when the job is cancelled', async () => {
    expect(retryDelay(policy, 1, upstream500(), () => 1)).toBe(1_000);
    expect(retryDelay(policy, 3, upstream500(), () => 1)).toBe(4_000);
    expect(retryDelay(policy, 3, upstream500(), () => 0)).toBe(2_000);
    expect(retryDelay(policy, 10, upstream500(), () => 1)).toBe(30_000);
    const controller = new AbortController();
    const started = Date.now();
    const pending = withItemRetries(
      async () => {
        throw upstream500();
      },
      { attempts: 5, baseMs: 60_000, maxMs: 60_000 },
      controller.signal,
    );
    setTimeout(() => controller.abort(new Error('cancelled')), 20);
    await expect(pending).rejects.toThrow('cancelled');
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
