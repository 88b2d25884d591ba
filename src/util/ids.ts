import { randomFillSync } from 'node:crypto';

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

/** The alphabet's character codes, and a scratch buffer an id is spelled into before one decode. */
const alphabetCodes = Buffer.from(ALPHABET, 'latin1');
let scratch = Buffer.alloc(64);

/**
 * A random base62 string of the given length, from a cryptographic source. Spelled into a buffer
 * and decoded once: appending 20 one-character strings builds a chain of 20 string objects that
 * V8 flattens again when the id is hashed or written (ids are made several times per request).
 */
export function randomBase62(length: number): string {
  if (scratch.length < length) scratch = Buffer.alloc(length);
  let filled = 0;
  while (filled < length) {
    const byte = randomByte();
    // 248 = 62 * 4: reject the tail to keep the distribution uniform.
    if (byte < 248) scratch[filled++] = alphabetCodes[byte % 62]!;
  }
  return scratch.toString('latin1', 0, length);
}

/** A prefixed identifier such as `req_3kTq…`, sortable neither by time nor meaning. */
export function newId(prefix: string, length = 20): string {
  return `${prefix}_${randomBase62(length)}`;
}

/**
 * An identifier that sorts by creation time (milliseconds, base36) and then at random: rows keyed
 * by it are appended at the end of their B-tree index instead of at random places, so a batch of
 * inserts dirties one or two index pages rather than one page per row (metering's group commit).
 */
export function newTimeOrderedId(prefix: string, randomLength = 16): string {
  return `${prefix}_${timePart(Date.now())}${randomBase62(randomLength)}`;
}

/**
 * The least id `newTimeOrderedId(prefix)` could make at or after `time` (epoch ms): ids made earlier
 * sort below it.
 */
export function timeOrderedIdFloor(prefix: string, time: number): string {
  return `${prefix}_${timeCode(Math.max(0, Math.floor(time)))}`;
}

/** Milliseconds in base 36, nine digits: sorts as the time does (until the year 5188). */
function timeCode(milliseconds: number): string {
  return milliseconds.toString(36).padStart(9, '0');
}

/** The time part of the last millisecond asked for: ids made in the same millisecond share it. */
let lastMillisecond = -1;
let lastTimePart = '';

function timePart(now: number): string {
  if (now !== lastMillisecond) {
    lastMillisecond = now;
    lastTimePart = timeCode(now);
  }
  return lastTimePart;
}

/** The prefix of the gateway's request ids (`req_…`). */
export const requestIdKind = 'req';

/** A request id: time-ordered (it keys the usage record and its ledger debit), 120 random bits. */
export function newRequestId(): string {
  return newTimeOrderedId(requestIdKind, 20);
}
