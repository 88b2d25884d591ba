import { randomFillSync, randomUUID } from 'node:crypto';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Random bytes drawn from a pooled buffer: one system call per 8 KiB instead of one per id. */
const pool = Buffer.alloc(8192);
let poolOffset = pool.length;

function randomByte(): number {
  if (poolOffset >= pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  return pool[poolOffset++]!;
}

/** A random base62 string of the given length, from a cryptographic source. */
export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    const byte = randomByte();
    // 248 = 62 * 4: reject the tail to keep the distribution uniform.
    if (byte < 248) out += ALPHABET[byte % 62];
  }
  return out;
}

/** A prefixed identifier such as `req_3kTq…`, sortable neither by time nor meaning. */
export function newId(prefix: string, length = 20): string {
  return `${prefix}_${randomBase62(length)}`;
}

export function newRequestId(): string {
  return `req_${randomUUID().replaceAll('-', '')}`;
}
