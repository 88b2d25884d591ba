import { Redis } from 'ioredis';

/** The Redis of the test machine (TEST_REDIS_URL), or null when Redis tests are skipped. */
export const testRedisUrl = process.env.TEST_REDIS_URL ?? null;

/** A unique key prefix per test, so parallel suites never share counters. */
export function uniqueRedisPrefix(name: string): string {
  return `kaiyuan-test:${name}:${process.pid}:${Date.now()}:${Math.floor(Math.random() * 1e9)}:`;
}

export function connectTestRedis(): Redis {
  if (!testRedisUrl) throw new Error('TEST_REDIS_URL is not set');
  return new Redis(testRedisUrl, { maxRetriesPerRequest: 2 });
}
