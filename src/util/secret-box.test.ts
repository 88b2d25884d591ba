import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSecretBox, isSealed, masterKeyId, SecretBoxError } from './secret-box.ts';

describe('secret box', () => {
  const key = randomBytes(32);

  it('seals so the plaintext does not appear, and opens what it sealed', () => {
    const box = createSecretBox([key]);
    const sealed = box.seal('sk-upstream-secret-12345', 'channel:7');
    expect(isSealed(sealed)).toBe(true);
    expect(sealed).not.toContain('sk-upstream');
    expect(box.open(sealed, 'channel:7')).toBe('sk-upstream-secret-12345');
    expect(box.seal('same', 'a')).not.toBe(box.seal('same', 'a'));
  });

  it('refuses a value moved to another record, tampered with, or sealed under an unknown key', () => {
    const box = createSecretBox([key]);
    const sealed = box.seal('secret', 'channel:7');
    expect(() => box.open(sealed, 'channel:8')).toThrow(SecretBoxError);
    const parts = sealed.split('.');
    const flipped = Buffer.from(parts[4]!, 'base64url');
    flipped[0] = flipped[0]! ^ 1;
    parts[4] = flipped.toString('base64url');
    expect(() => box.open(parts.join('.'), 'channel:7')).toThrow(/altered/);
    expect(() => createSecretBox([randomBytes(32)]).open(sealed, 'channel:7')).toThrow(/not configured/);
    expect(() => box.open('plain text', '')).toThrow(/not in sealed form/);
  });

  it('opens values sealed under a previous key after a rotation and says which need resealing', () => {
    const previous = createSecretBox([key]);
    const sealed = previous.seal('secret');
    const next = randomBytes(32);
    const rotated = createSecretBox([next, key]);
    expect(rotated.currentKeyId).toBe(masterKeyId(next));
    expect(rotated.open(sealed)).toBe('secret');
    expect(rotated.needsResealing(sealed)).toBe(true);
    expect(rotated.needsResealing(rotated.seal('secret'))).toBe(false);
  });

  it('accepts only 32-byte keys', () => {
    expect(() => createSecretBox([])).toThrow(SecretBoxError);
    expect(() => createSecretBox([randomBytes(16)])).toThrow(/32 bytes/);
  });
});
