import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Encryption at rest for secrets the platform stores (upstream channel keys, payment provider
 * keys): AES-256-GCM under a master key, with the record's identity as associated data so a
 * sealed value copied onto another record does not open there.
 *
 * Sealed form: `ks1.<key id>.<iv>.<tag>.<ciphertext>` (base64url parts). The key id names the
 * master key that sealed it, so after a rotation older values still open with a previous key
 * and `needsResealing` tells which ones to re-encrypt under the current key.
 */
export interface SecretBox {
  /** The id of the key new values are sealed with. */
  readonly currentKeyId: string;
  seal(plaintext: string, associatedData?: string): string;
  /** Opens a sealed value; throws `SecretBoxError` if it was tampered with or no key fits. */
  open(sealed: string, associatedData?: string): string;
  /** Whether a sealed value was made with a key other than the current one. */
  needsResealing(sealed: string): boolean;
}

export class SecretBoxError extends Error {
  override name = 'SecretBoxError';
}

const prefix = 'ks1';
const keyBytes = 32;
const ivBytes = 12;

/** The id of a master key: the first 8 bytes of its SHA-256, hex. Shown in logs and rotation output, never the key. */
export function masterKeyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

/**
 * @param keys master keys, 32 bytes each; the first seals, all open (the rest are previous keys
 *   kept during a rotation).
 */
export function createSecretBox(keys: readonly Buffer[]): SecretBox {
  if (keys.length === 0) throw new SecretBoxError('A secret box needs at least one master key.');
  for (const key of keys) {
    if (key.length !== keyBytes) throw new SecretBoxError(`A master key must be ${keyBytes} bytes, got ${key.length}.`);
  }
  const byId = new Map(keys.map((key) => [masterKeyId(key), key]));
  const current = keys[0]!;
  const currentKeyId = masterKeyId(current);

  return {
    currentKeyId,
    seal(plaintext, associatedData = '') {
      const iv = randomBytes(ivBytes);
      const cipher = createCipheriv('aes-256-gcm', current, iv);
      cipher.setAAD(Buffer.from(associatedData, 'utf8'));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [
        prefix,
        currentKeyId,
        iv.toString('base64url'),
        tag.toString('base64url'),
        ciphertext.toString('base64url'),
      ].join('.');
    },
    open(sealed, associatedData = '') {
      const parts = parseSealed(sealed);
      const key = byId.get(parts.keyId);
      if (!key) {
        throw new SecretBoxError(
          `This secret was sealed with master key ${parts.keyId}, which is not configured (set it as a previous key to rotate).`,
        );
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, parts.iv);
        decipher.setAAD(Buffer.from(associatedData, 'utf8'));
        decipher.setAuthTag(parts.tag);
        return Buffer.concat([decipher.update(parts.ciphertext), decipher.final()]).toString('utf8');
      } catch {
        throw new SecretBoxError('A stored secret does not open: it was altered or belongs to another record.');
      }
    },
    needsResealing(sealed) {
      return parseSealed(sealed).keyId !== currentKeyId;
    },
  };
}

/** Whether a stored text is in sealed form (as opposed to, say, a legacy plaintext value). */
export function isSealed(value: string): boolean {
  return value.startsWith(`${prefix}.`) && value.split('.').length === 5;
}

function parseSealed(sealed: string): { keyId: string; iv: Buffer; tag: Buffer; ciphertext: Buffer } {
  const parts = sealed.split('.');
  if (parts.length !== 5 || parts[0] !== prefix) throw new SecretBoxError('A stored secret is not in sealed form.');
  const [, keyId, iv, tag, ciphertext] = parts as [string, string, string, string, string];
  return {
    keyId,
    iv: Buffer.from(iv, 'base64url'),
    tag: Buffer.from(tag, 'base64url'),
    ciphertext: Buffer.from(ciphertext, 'base64url'),
  };
}
