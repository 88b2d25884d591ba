import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { RateLimiter } from '../../limits/rate-limiter.ts';
import type { CaptchaVerifier } from './sign-up-guard.ts';

/** A challenge the console solves before signing up. */
export interface ProofOfWorkChallenge {
  /** `<id>.<expires at, epoch ms>.<difficulty>.<HMAC of the three>`: the server keeps nothing until it is spent. */
  challenge: string;
  /** Leading zero bits SHA-256(`<challenge>:<nonce>`) must have. */
  difficulty: number;
  expiresAt: number;
}

export interface ProofOfWorkOptions {
  /** The HMAC key (shared by every replica: the settings table holds it). */
  key: () => Promise<Buffer>;
  difficulty: number;
  ttlMs: number;
  /** Marks a challenge id as spent until it expires; false when it was spent before (a replay). */
  spend: (id: string, ttlMs: number) => Promise<boolean>;
}

/** How many leading zero bits a hash has. */
export function leadingZeroBits(hash: Uint8Array): number {
  let bits = 0;
  for (const byte of hash) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(byte) - 24;
  }
  return bits;
}

/** True when SHA-256(`<challenge>:<nonce>`) has at least `difficulty` leading zero bits. */
export function meetsDifficulty(challenge: string, nonce: string, difficulty: number): boolean {
  return leadingZeroBits(createHash('sha256').update(`${challenge}:${nonce}`).digest()) >= difficulty;
}

/** Finds a nonce for a challenge (what the console does in the browser; tests and scripts use this). */
export function solveChallenge(challenge: string, difficulty: number): string {
  for (let nonce = 0; ; nonce++) if (meetsDifficulty(challenge, String(nonce), difficulty)) return String(nonce);
}

/**
 * A self-hosted CAPTCHA: sign-up asks the browser for a proof of work (about 2^difficulty SHA-256
 * hashes, a second or so in a browser at 16 bits) that costs a script signing up thousands of
 * accounts real CPU time, with no third-party service. Challenges are stateless (HMAC-signed, with
 * their expiry and difficulty inside); a solved one is spent once through the shared rate limiter.
 */
export class ProofOfWork {
  constructor(private readonly options: ProofOfWorkOptions) {}

  get difficulty(): number {
    return this.options.difficulty;
  }

  async issue(now = Date.now()): Promise<ProofOfWorkChallenge> {
    const id = randomBytes(16).toString('base64url');
    const expiresAt = now + this.options.ttlMs;
    const signed = `${id}.${expiresAt}.${this.options.difficulty}`;
    return {
      challenge: `${signed}.${await this.mac(signed)}`,
      difficulty: this.options.difficulty,
      expiresAt,
    };
  }

  /** Checks `<challenge>:<nonce>`: our signature, not expired, enough work, and not used before. */
  async verify(response: string, now = Date.now()): Promise<boolean> {
    const separator = response.lastIndexOf(':');
    if (separator < 0) return false;
    const challenge = response.slice(0, separator);
    const nonce = response.slice(separator + 1);
    const parts = challenge.split('.');
    if (parts.length !== 4 || !/^\d{1,20}$/.test(nonce)) return false;
    const [id, expires, difficulty, mac] = parts as [string, string, string, string];
    const expected = Buffer.from(await this.mac(`${id}.${expires}.${difficulty}`));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return false;
    const expiresAt = Number(expires);
    // The difficulty signed into the challenge counts, but never less than what is configured now.
    const bits = Math.max(Number(difficulty), this.options.difficulty);
    if (!(expiresAt > now) || !meetsDifficulty(challenge, nonce, bits)) return false;
    return this.options.spend(id, expiresAt - now);
  }

  /** The CAPTCHA hook sign-up's guard calls. */
  verifier(): CaptchaVerifier {
    return (response) => this.verify(response);
  }

  private async mac(text: string): Promise<string> {
    return createHmac('sha256', await this.options.key())
      .update(text)
      .digest('base64url');
  }
}

const keySetting = 'signup.proof-of-work-key';

/**
 * The proof of work sign-up uses, or null when it is off (difficulty 0) or an external CAPTCHA
 * hook is configured instead. Its HMAC key is created once in the settings table (so every replica
 * checks the others' challenges); it only guards against skipping the work, not an account.
 */
export function createProofOfWork(
  config: { difficulty: number; ttlSeconds: number },
  settings: { get(key: string): Promise<string | null>; setIfAbsent(key: string, value: string): Promise<boolean> },
  limiter: RateLimiter,
): ProofOfWork | null {
  if (config.difficulty <= 0) return null;
  let key: Promise<Buffer> | null = null;
  const loadKey = async () => {
    await settings.setIfAbsent(keySetting, randomBytes(32).toString('hex'));
    const stored = await settings.get(keySetting);
    if (!stored) throw new Error('the proof-of-work key could not be stored');
    return Buffer.from(stored, 'hex');
  };
  return new ProofOfWork({
    key: () => (key ??= loadKey().catch((error: unknown) => ((key = null), Promise.reject(error)))),
    difficulty: config.difficulty,
    ttlMs: config.ttlSeconds * 1000,
    spend: async (id, ttlMs) =>
      (
        await limiter.acquire([
          {
            key: `signup-pow:${id}`,
            label: 'uses of one sign-up challenge',
            kind: 'requests',
            limit: 1,
            windowMs: Math.max(1000, ttlMs),
            amount: 1,
          },
        ])
      ).allowed,
  });
}
