import { hash, timingSafeEqual } from 'node:crypto';
import { randomBase62 } from '../util/ids.ts';

/** API keys: `sk-ky-` and 48 base62 characters (≈285 bits). */
export const apiKeyPrefix = 'sk-ky-';
const apiKeyBodyLength = 48;
/** Characters of a key kept in clear for listings (`sk-ky-AbCd…`). */
const visiblePrefixLength = apiKeyPrefix.length + 6;

export function generateApiKey(): string {
  return apiKeyPrefix + randomBase62(apiKeyBodyLength);
}

export function looksLikeApiKey(token: string): boolean {
  return token.startsWith(apiKeyPrefix) && token.length >= apiKeyPrefix.length + 40 && token.length <= 200;
}

export function visiblePrefix(key: string): string {
  return key.slice(0, visiblePrefixLength);
}

/** A console session token (stored hashed) and its CSRF companion. */
export function generateSessionToken(): string {
  return `kys_${randomBase62(48)}`;
}

export function generateCsrfToken(): string {
  return randomBase62(32);
}

/** The platform admin token. */
export function generateAdminToken(): string {
  return `ky-admin-${randomBase62(40)}`;
}

/** SHA-256 hex of a secret: keys, tokens and codes are high-entropy, so a fast hash is enough. */
export function hashSecret(secret: string): string {
  // The one-shot hash (Node ≥ 20.12): same digest as createHash().update().digest() without a Hash
  // object per call; every authenticated request hashes its key.
  return hash('sha256', secret, 'hex');
}

/** Constant-time comparison of two hex digests (or any two strings). */
export function safeEqual(left: string, right: string): boolean {
  const a = Buffer.from(left, 'utf8');
  const b = Buffer.from(right, 'utf8');
  if (a.length !== b.length) return false;
  return timingSafeEqual(a, b);
}
