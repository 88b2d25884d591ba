import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** scrypt's cost parameters: N (CPU and memory, a power of two), r (block size), p (parallelism). */
export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

/** N=2^15, r=8, p=1 (≈32 MiB, tens of milliseconds): slow enough for passwords. */
export const passwordScryptCost: ScryptCost = { N: 32_768, r: 8, p: 1 };
const keyLength = 32;

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, keyLength, { ...options, maxmem: 128 * 1024 * 1024 }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/**
 * Hashes and verifies passwords with scrypt, stored as `scrypt$N$r$p$salt$hash` (salt and hash
 * base64). The cost is a constructor argument, not a setting: the composition root uses
 * `passwordScryptCost`, and only code that builds its own services (tests) can choose another.
 */
export class PasswordHasher {
  private decoy: Promise<string> | null = null;

  constructor(private readonly cost: ScryptCost = passwordScryptCost) {}

  async hash(password: string): Promise<string> {
    const { N, r, p } = this.cost;
    const salt = randomBytes(16);
    const key = await derive(password, salt, { N, r, p });
    return ['scrypt', N, r, p, salt.toString('base64'), key.toString('base64')].join('$');
  }

  /** Verifies with the cost stored in the hash, so hashes keep working when the cost changes. */
  async verify(password: string, stored: string): Promise<boolean> {
    const parts = stored.split('$');
    if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
    const [, n, r, p, saltText, hashText] = parts as [string, string, string, string, string, string];
    const expected = Buffer.from(hashText, 'base64');
    const key = await derive(password, Buffer.from(saltText, 'base64'), { N: Number(n), r: Number(r), p: Number(p) });
    return key.length === expected.length && timingSafeEqual(key, expected);
  }

  /** A hash to verify against when the user does not exist, so timing does not reveal which emails exist. */
  decoyHash(): Promise<string> {
    this.decoy ??= this.hash('decoy-password-for-timing');
    return this.decoy;
  }
}
