import type { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { connectTestRedis, testRedisUrl, uniqueRedisPrefix } from '../../test/support/test-redis.ts';
import type { BudgetGuard } from './budget-guard.ts';
import { MemoryBudgetGuard } from './memory-budget-guard.ts';
import { RedisBudgetGuard } from './redis-budget-guard.ts';

const kinds = testRedisUrl ? (['memory', 'redis'] as const) : (['memory'] as const);
const connections: Redis[] = [];
afterAll(() => connections.forEach((connection) => connection.disconnect()));

function guardOf(kind: 'memory' | 'redis'): BudgetGuard {
  if (kind === 'memory') return new MemoryBudgetGuard();
  const redis = connectTestRedis();
  connections.push(redis);
  return new RedisBudgetGuard(redis, uniqueRedisPrefix('budget'));
}

describe.each(kinds)('%s budget guard', (kind) => {
  it('never holds more than the budget under concurrency', async () => {
    const guard = guardOf(kind);
    let loads = 0;
    const load = async () => {
      loads++;
      return 1000;
    };
    const results = await Promise.all(Array.from({ length: 100 }, () => guard.reserve('org', 30, load)));
    expect(results.filter(Boolean)).toHaveLength(33);
    expect(loads).toBeLessThanOrEqual(3);
  });

  it('applies spends and credits on commit', async () => {
    const guard = guardOf(kind);
    const load = async () => 100;
    expect(await guard.reserve('org', 100, load)).toBe(true);
    expect(await guard.reserve('org', 1, load)).toBe(false);
    guard.begin('org');
    await guard.commit('org', 100, 40);
    expect(await guard.reserve('org', 61, load)).toBe(false);
    expect(await guard.reserve('org', 60, load)).toBe(true);
    guard.begin('org');
    await guard.commit('org', 0, -50);
    expect(await guard.reserve('org', 50, load)).toBe(true);
    expect(await guard.reserve('org', 1, load)).toBe(false);
  });
});

describe('memory budget guard refresh', () => {
  it('sees a credit made elsewhere after the refresh interval and never counts a concurrent spend twice in its favour', async () => {
    const guard = new MemoryBudgetGuard(20);
    let stored = 100;
    const load = async () => stored;
    expect(await guard.reserve('org', 100, load)).toBe(true);
    // Another process credits 50 in the store.
    stored += 50;
    await new Promise((resolve) => setTimeout(resolve, 30));
    // The reload runs while a local spend of 100 commits (store written first, as settle does).
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slowLoad = async () => {
      const value = stored;
      await gate;
      return value;
    };
    const reserving = guard.reserve('org', 50, slowLoad);
    stored -= 100;
    await guard.commit('org', 100, 100);
    release();
    // The reload read 150 before the spend: 150 − 100 = 50 left, which the reservation takes.
    expect(await reserving).toBe(true);
    expect(await guard.reserve('org', 1, load)).toBe(false);
  });
});
