import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MemoryRateLimiter } from '../../limits/memory-rate-limiter.ts';
import { createProofOfWork, leadingZeroBits, ProofOfWork, solveChallenge } from './proof-of-work.ts';

function settingsMemory() {
  const values = new Map<string, string>();
  return {
    get: async (key: string) => values.get(key) ?? null,
    setIfAbsent: async (key: string, value: string) => (values.has(key) ? false : (values.set(key, value), true)),
  };
}

describe('proof-of-work CAPTCHA', () => {
  it('counts leading zero bits', () => {
    expect(leadingZeroBits(Uint8Array.from([0, 0, 0x0f, 0xff]))).toBe(20);
    expect(leadingZeroBits(Uint8Array.from([0x80]))).toBe(0);
    expect(leadingZeroBits(Uint8Array.from([0x01, 0]))).toBe(7);
    expect(leadingZeroBits(new Uint8Array(4))).toBe(32);
  });

  it('accepts a solved challenge once, and refuses forged, tampered, lazy, expired and replayed answers', async () => {
    const settings = settingsMemory();
    const limiter = new MemoryRateLimiter();
    const pow = createProofOfWork({ difficulty: 10, ttlSeconds: 60 }, settings, limiter)!;
    const { challenge, difficulty, expiresAt } = await pow.issue();
    expect(difficulty).toBe(10);
    const nonce = solveChallenge(challenge, difficulty);
    // A replica sharing the settings (and the limiter) checks it too.
    const replica = createProofOfWork({ difficulty: 10, ttlSeconds: 60 }, settings, limiter)!;

    let lazy = 0;
    while (leadingZeroBitsOf(challenge, String(lazy)) >= 10) lazy++;
    const [id, expires, bits, mac] = challenge.split('.') as [string, string, string, string];
    const refused = {
      'no nonce': challenge,
      'too little work': `${challenge}:${lazy}`,
      'easier difficulty written in': `${id}.${expires}.1.${mac}:${solveChallenge(`${id}.${expires}.1.${mac}`, 1)}`,
      'later expiry written in': `${id}.${Number(expires) + 1e6}.${bits}.${mac}:${nonce}`,
      'forged signature': `${id}.${expires}.${bits}.${randomBytes(32).toString('base64url')}:${nonce}`,
      'not a challenge': 'human:1',
    };
    for (const [name, response] of Object.entries(refused)) expect(await pow.verify(response), name).toBe(false);
    expect(await pow.verify(`${challenge}:${nonce}`, expiresAt + 1), 'expired').toBe(false);
    expect(await replica.verify(`${challenge}:${nonce}`)).toBe(true);
    expect(await pow.verify(`${challenge}:${nonce}`), 'replayed').toBe(false);
    await limiter.close();
  });

  it('is off at difficulty 0, and a raised difficulty applies to challenges issued before', async () => {
    const limiter = new MemoryRateLimiter();
    expect(createProofOfWork({ difficulty: 0, ttlSeconds: 60 }, settingsMemory(), limiter)).toBeNull();
    const key = async () => Buffer.alloc(32, 1);
    const spend = async () => true;
    const easy = new ProofOfWork({ key, difficulty: 2, ttlMs: 60_000, spend });
    const hard = new ProofOfWork({ key, difficulty: 16, ttlMs: 60_000, spend });
    const { challenge } = await easy.issue();
    let nonce = 0;
    while (leadingZeroBitsOf(challenge, String(nonce)) < 2 || leadingZeroBitsOf(challenge, String(nonce)) >= 16)
      nonce++;
    expect(await easy.verify(`${challenge}:${nonce}`)).toBe(true);
    expect(await hard.verify(`${challenge}:${nonce}`)).toBe(false);
    await limiter.close();
  });
});

function leadingZeroBitsOf(challenge: string, nonce: string): number {
  return leadingZeroBits(createHash('sha256').update(`${challenge}:${nonce}`).digest());
}
