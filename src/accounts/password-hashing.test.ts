import { describe, expect, it } from 'vitest';
import { PasswordHasher, passwordScryptCost } from './password-hashing.ts';

describe('PasswordHasher', () => {
  it('hashes at the production cost unless its constructor is given another', async () => {
    expect(passwordScryptCost).toEqual({ N: 32_768, r: 8, p: 1 });
    const stored = await new PasswordHasher().hash('correct horse');
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
    expect(await new PasswordHasher().verify('correct horse', stored)).toBe(true);
  });

  it('verifies with the cost stored in the hash, and refuses wrong passwords and foreign formats', async () => {
    const cheap = new PasswordHasher({ N: 16, r: 1, p: 1 });
    const stored = await cheap.hash('pässword');
    expect(stored.startsWith('scrypt$16$1$1$')).toBe(true);
    const production = new PasswordHasher();
    expect(await production.verify('pässword', stored)).toBe(true);
    expect(await production.verify('pa\u0308ssword', stored)).toBe(true); // NFKC: the same password typed otherwise
    expect(await production.verify('password', stored)).toBe(false);
    expect(await production.verify('pässword', '$2b$10$abcdefghijklmnopqrstuv')).toBe(false);
    expect(await production.verify('pässword', stored.replace(/\$[^$]+$/, '$AAAA'))).toBe(false);
  });

  it('keeps one decoy hash per hasher, at its own cost (unknown emails take as long as known ones)', async () => {
    const cheap = new PasswordHasher({ N: 16, r: 1, p: 1 });
    const decoy = await cheap.decoyHash();
    expect(decoy.startsWith('scrypt$16$1$1$')).toBe(true);
    expect(await cheap.decoyHash()).toBe(decoy);
  });
});
