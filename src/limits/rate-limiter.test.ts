import type { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { connectTestRedis, testRedisUrl, uniqueRedisPrefix } from '../../test/support/test-redis.ts';
import { MemoryRateLimiter } from './memory-rate-limiter.ts';
import { formatResetDuration, rateLimitHeaders } from './rate-limit-headers.ts';
import { minuteMs, type LimitCounter, type RateLimiter } from './rate-limiter.ts';
import { RedisRateLimiter } from './redis-rate-limiter.ts';

const kinds = testRedisUrl ? (['memory', 'redis'] as const) : (['memory'] as const);
const connections: Redis[] = [];
afterAll(() => connections.forEach((connection) => connection.disconnect()));

function limiterOf(kind: 'memory' | 'redis', name: string): RateLimiter {
  if (kind === 'memory') return new MemoryRateLimiter();
  const redis = connectTestRedis();
  connections.push(redis);
  return new RedisRateLimiter(redis, uniqueRedisPrefix(name));
}

const rpm = (key: string, limit: number): LimitCounter => ({
  key,
  label: `RPM of ${key}`,
  kind: 'requests',
  limit,
  windowMs: minuteMs,
  amount: 1,
});

describe.each(kinds)('%s rate limiter', (kind) => {
  it('lets exactly 50 of 200 concurrent requests through a limit of 50 per minute', async () => {
    const limiter = limiterOf(kind, 'exact');
    const results = await Promise.all(Array.from({ length: 200 }, () => limiter.acquire([rpm('key:a:rpm', 50)])));
    expect(results.filter((result) => result.allowed)).toHaveLength(50);
    const refused = results.find((result) => !result.allowed);
    expect(refused && !refused.allowed && refused.retryAfterMs).toBeGreaterThan(0);
    expect(refused && !refused.allowed && refused.retryAfterMs).toBeLessThanOrEqual(minuteMs);
  });

  it('consumes all counters of a request or none', async () => {
    const limiter = limiterOf(kind, 'atomic');
    const tokens = (amount: number): LimitCounter => ({
      key: 'org:tpm',
      label: 'TPM',
      kind: 'tokens',
      limit: 100,
      windowMs: minuteMs,
      amount,
    });
    expect((await limiter.acquire([rpm('key:b:rpm', 10), tokens(80)])).allowed).toBe(true);
    const refused = await limiter.acquire([rpm('key:b:rpm', 10), tokens(30)]);
    expect(refused.allowed).toBe(false);
    if (!refused.allowed) expect(refused.refused.key).toBe('org:tpm');
    // The refused request consumed no request either: 9 more fit.
    const more = await Promise.all(Array.from({ length: 10 }, () => limiter.acquire([rpm('key:b:rpm', 10)])));
    expect(more.filter((result) => result.allowed)).toHaveLength(9);
  });

  it('trues up token reservations', async () => {
    const limiter = limiterOf(kind, 'trueup');
    const tokens = (amount: number): LimitCounter => ({
      key: 'k:tpm',
      label: 'TPM',
      kind: 'tokens',
      limit: 1000,
      windowMs: minuteMs,
      amount,
    });
    expect((await limiter.acquire([tokens(900)])).allowed).toBe(true);
    expect((await limiter.acquire([tokens(200)])).allowed).toBe(false);
    await limiter.adjust([{ key: 'k:tpm', delta: -800 }]);
    const after = await limiter.acquire([tokens(200)]);
    expect(after.allowed).toBe(true);
    expect(after.counters[0]!.used).toBe(300);
  });
});

describe('rate limit headers', () => {
  it('reports the tightest counter of each kind', () => {
    const headers = rateLimitHeaders([
      { key: 'a', kind: 'requests', limit: 60, windowMs: 60_000, used: 10, resetMs: 30_000 },
      { key: 'b', kind: 'requests', limit: 100, windowMs: 86_400_000, used: 99, resetMs: 3_600_000 },
      { key: 'c', kind: 'tokens', limit: 1000, windowMs: 60_000, used: 250, resetMs: 1500 },
    ]);
    expect(headers).toEqual({
      'x-ratelimit-limit-requests': '100',
      'x-ratelimit-remaining-requests': '1',
      'x-ratelimit-reset-requests': '1h0m0s',
      'x-ratelimit-limit-tokens': '1000',
      'x-ratelimit-remaining-tokens': '750',
      'x-ratelimit-reset-tokens': '2s',
    });
    expect(formatResetDuration(20)).toBe('20ms');
    expect(formatResetDuration(360_000)).toBe('6m0s');
  });

  it('reports only the kinds that are limited, in the same order', () => {
    expect(
      rateLimitHeaders([
        { key: 't1', kind: 'tokens', limit: 500, windowMs: 86_400_000, used: 100, resetMs: 7_200_500 },
        { key: 't2', kind: 'tokens', limit: 900, windowMs: 60_000, used: 500, resetMs: 999.2 },
      ]),
    ).toEqual({
      'x-ratelimit-limit-tokens': '900',
      'x-ratelimit-remaining-tokens': '400',
      'x-ratelimit-reset-tokens': '1000ms',
    });
    const requestsOnly = rateLimitHeaders([
      { key: 'r', kind: 'requests', limit: 10, windowMs: 60_000, used: 12, resetMs: 59_001 },
    ]);
    expect(Object.keys(requestsOnly)).toEqual([
      'x-ratelimit-limit-requests',
      'x-ratelimit-remaining-requests',
      'x-ratelimit-reset-requests',
    ]);
    expect(requestsOnly['x-ratelimit-remaining-requests']).toBe('0');
    expect(requestsOnly['x-ratelimit-reset-requests']).toBe('1m0s');
    expect(rateLimitHeaders([])).toEqual({});
  });

  it('spells durations the same when asked again, under a second, within a day and beyond', () => {
    for (const [ms, text] of [
      [-5, '0ms'],
      [0.3, '1ms'],
      [999, '999ms'],
      [1000, '1s'],
      [1001, '2s'],
      [3_723_000, '1h2m3s'],
      [86_400_000, '24h0m0s'],
      [90_000_000, '25h0m0s'],
    ] as const) {
      expect(formatResetDuration(ms)).toBe(text);
      expect(formatResetDuration(ms)).toBe(text);
    }
  });
});
