/**
 * The MD5 of exact dedup's comparison key (`dedupKeyText`: NFKC, lower case, whitespace and —
 * optionally — punctuation and symbols removed) without building the key of a whole text: common
 * text (ASCII, CJK ideographs, punctuation) is keyed and UTF-8-encoded in one scan into a reused
 * buffer; other text goes through the key steps piece by piece (long texts), each piece fed to the hash.
 */
import { createHash, hash as oneShotHash, type Hash } from 'node:crypto';
import { cutStage, lastNewlineCut, streamStages, trimStage, type TextStage } from '../text/text-stages.ts';

/** Texts longer than this are keyed in pieces on the general path. */
export const KEY_PIECE_CHARACTERS = 1 << 20;

/** The text exact dedup compares: NFKC, lower case, no whitespace (and no punctuation). */
export function dedupKeyText(text: string, lowercase: boolean, ignorePunctuation: boolean): string {
  let key = text.normalize('NFKC');
  if (lowercase) key = key.toLowerCase();
  key = ignorePunctuation ? key.replace(/[\s\p{P}\p{S}]+/gu, '') : key.replace(/\s+/g, ' ').trim();
  return key;
}

const OTHER = 0; // take the general path
const DROP = 1; // whitespace, punctuation or a symbol, also after NFKC: not in the key
const ASCII = 2; // an ASCII unit kept (lower-cased when asked)
const IDEOGRAPH = 3; // a CJK ideograph: NFKC-stable, no case, three UTF-8 bytes

let unitKinds: Uint8Array | null = null;

function kindsOfUnits(): Uint8Array {
  if (unitKinds) return unitKinds;
  const kinds = new Uint8Array(0x10000);
  const removed = /^[\s\p{P}\p{S}]+$/u;
  for (let code = 0; code < 0x80; code++) kinds[code] = removed.test(String.fromCharCode(code)) ? DROP : ASCII;
  for (let code = 0x3400; code <= 0x4dbf; code++) kinds[code] = IDEOGRAPH;
  for (let code = 0x4e00; code <= 0x9fff; code++) kinds[code] = IDEOGRAPH;
  // Spaces and marks of other blocks that NFKC keeps or turns into spaces and marks only (so the key
  // drops them whatever their neighbours); whatever NFKC turns into letters, digits or combining marks
  // (① → 1, ¨ → space + U+0308, Ａ → a) takes the general path.
  const ranges = [
    [0x00a0, 0x00bf],
    [0x2000, 0x206f],
    [0x3000, 0x303f],
    [0xfe30, 0xfe4f],
    [0xff00, 0xffef],
  ];
  for (const [from, to] of ranges)
    for (let code = from!; code <= to!; code++) {
      const character = String.fromCharCode(code);
      if (removed.test(character) && removed.test(character.normalize('NFKC').toLowerCase())) kinds[code] = DROP;
    }
  unitKinds = kinds;
  return kinds;
}

const scratch = new Uint8Array(1 << 16);

/**
 * Keys and hashes `text` in one scan when every unit is of a known kind (ignorePunctuation only):
 * the MD5 digest, or null when a unit needs the general path. A key that fits the buffer is hashed
 * in one call (no hash object per record).
 */
export function digestCommonText(text: string, lowercase: boolean): Buffer | null {
  const kinds = kindsOfUnits();
  const length = text.length;
  const flushAt = scratch.length - 3;
  let hash: Hash | null = null;
  let size = 0;
  for (let index = 0; index < length; index++) {
    const code = text.charCodeAt(index);
    const kind = kinds[code]!;
    if (kind === DROP) continue;
    if (kind === ASCII) scratch[size++] = lowercase && code >= 65 && code <= 90 ? code | 0x20 : code;
    else if (kind === IDEOGRAPH) {
      scratch[size++] = 0xe0 | (code >> 12);
      scratch[size++] = 0x80 | ((code >> 6) & 0x3f);
      scratch[size++] = 0x80 | (code & 0x3f);
    } else return null;
    if (size >= flushAt) {
      hash ??= createHash('md5');
      hash.update(scratch.subarray(0, size));
      size = 0;
    }
  }
  if (hash === null) return oneShotHash('md5', scratch.subarray(0, size), 'buffer');
  if (size > 0) hash.update(scratch.subarray(0, size));
  return hash.digest();
}

/** After a line break followed by a printable ASCII character: no NFKC sequence, case context or space run crosses. */
function keyCut(buffer: string): number {
  return lastNewlineCut(buffer, buffer.length, (newline) => {
    const next = buffer.charCodeAt(newline + 1);
    return next > 0x20 && next < 0x7f;
  });
}

/** The first 8 bytes of the MD5 of `dedupKeyText(text, lowercase, ignorePunctuation)` (UTF-8). */
export function dedupKeyDigest(
  text: string,
  lowercase: boolean,
  ignorePunctuation: boolean,
  pieceCharacters = KEY_PIECE_CHARACTERS,
): Uint8Array {
  const common = ignorePunctuation ? digestCommonText(text, lowercase) : null;
  if (common !== null) return new Uint8Array(common.buffer, common.byteOffset, 8);
  const hash = createHash('md5');
  if (text.length <= pieceCharacters) hash.update(dedupKeyText(text, lowercase, ignorePunctuation));
  else {
    // The key of each piece without trimming; the stream is trimmed once (when spaces are kept).
    const stages: TextStage[] = [
      cutStage((piece) => {
        let key = piece.normalize('NFKC');
        if (lowercase) key = key.toLowerCase();
        return ignorePunctuation ? key.replace(/[\s\p{P}\p{S}]+/gu, '') : key.replace(/\s+/g, ' ');
      }, keyCut),
    ];
    if (!ignorePunctuation) stages.push(trimStage());
    streamStages(text, stages, pieceCharacters, (piece) => hash.update(piece));
  }
  const digest = hash.digest();
  return new Uint8Array(digest.buffer, digest.byteOffset, 8);
}
