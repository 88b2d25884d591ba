import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { leadingZeroBits, solveChallenge } from './proof-of-work.ts';

describe('the sign-up proof of work in the browser', () => {
  it('finds a nonce whose SHA-256 has the leading zero bits the server checks', async () => {
    const challenge = 'abc.1767225600000.10.signature';
    let progress = 0;
    const nonce = await solveChallenge(challenge, 10, { onProgress: (hashes) => (progress = hashes) });
    const digest = createHash('sha256').update(`${challenge}:${nonce}`).digest();
    expect(leadingZeroBits(digest)).toBeGreaterThanOrEqual(10);
    // It is the first such nonce: every smaller one falls short.
    for (let smaller = 0; smaller < Number(nonce); smaller++) {
      const other = createHash('sha256').update(`${challenge}:${smaller}`).digest();
      expect(leadingZeroBits(other)).toBeLessThan(10);
    }
    expect(progress).toBeLessThanOrEqual(Number(nonce) + 1);
  });

  it('stops when the visitor leaves the page', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(solveChallenge('x.1.30.y', 30, { signal: controller.signal })).rejects.toThrow();
  });
});
