import { describe, expect, it } from 'vitest';
import { newId, newRequestId, newTimeOrderedId, randomBase62 } from './ids.ts';

describe('ids', () => {
  it('makes base62 strings of the asked length', () => {
    for (const length of [1, 8, 32, 64]) {
      const value = randomBase62(length);
      expect(value).toHaveLength(length);
      expect(value).toMatch(/^[0-9a-zA-Z]+$/);
    }
  });

  it('prefixes ids and does not repeat them', () => {
    const seen = new Set(Array.from({ length: 1000 }, () => newId('org')));
    expect(seen.size).toBe(1000);
    for (const id of seen) expect(id).toMatch(/^org_[0-9a-zA-Z]{20}$/);
  });

  it('orders time-ordered ids by the millisecond they were made in', async () => {
    const first = newTimeOrderedId('rl');
    const sameMillisecond = newTimeOrderedId('rl');
    await new Promise((resolve) => setTimeout(resolve, 5));
    const later = newRequestId();
    expect(first).toMatch(/^rl_[0-9a-z]{9}[0-9a-zA-Z]{16}$/);
    expect(later).toMatch(/^req_[0-9a-z]{9}[0-9a-zA-Z]{20}$/);
    expect(sameMillisecond).not.toBe(first);
    expect(later.slice(4, 13) > first.slice(3, 12)).toBe(true);
  });
});
