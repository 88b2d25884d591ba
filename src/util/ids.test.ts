import { describe, expect, it } from 'vitest';
import { newId, randomBase62 } from './ids.ts';

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
});
