import { closeSync, openSync, readSync } from 'node:fs';
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { constants, createGunzip, gunzipSync } from 'node:zlib';
import chardet from 'chardet';
import iconv from 'iconv-lite';
import { invalidRequest } from '../../util/errors.ts';

/** How a text file was decoded: the encoding and whether it was given, found by its BOM or guessed. */
export interface DetectedEncoding {
  encoding: string;
  how: 'given' | 'bom' | 'utf8' | 'guessed';
  /** The detector's confidence (0–100) when guessed. */
  confidence?: number;
}

const SAMPLE_BYTES = 256 * 1024;

/** A 400 `unknown_encoding` unless iconv-lite can decode the named encoding. */
export function checkEncodingName(encoding: string): string {
  if (!iconv.encodingExists(encoding))
    throw invalidRequest(
      `Unknown encoding '${encoding}'; use a name such as utf-8, gb18030, gbk, big5, shift_jis, utf-16le or windows-1252.`,
      'encoding',
      'unknown_encoding',
    );
  return encoding.toLowerCase();
}

function readSample(file: string): Buffer {
  const descriptor = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(SAMPLE_BYTES);
    const bytes = readSync(descriptor, buffer, 0, SAMPLE_BYTES, 0);
    const sample = buffer.subarray(0, bytes);
    if (!file.endsWith('.gz')) return sample;
    try {
      return gunzipSync(sample, { finishFlush: constants.Z_SYNC_FLUSH }).subarray(0, SAMPLE_BYTES);
    } catch {
      return Buffer.alloc(0);
    }
  } finally {
    closeSync(descriptor);
  }
}

/** Whether the bytes are UTF-8 (a sequence cut at the end of the sample is allowed). */
export function isUtf8(sample: Buffer): boolean {
  let end = sample.length;
  // Step back over a multi-byte sequence the sample may have cut.
  for (let back = 1; back <= 3 && end - back >= 0; back++) {
    const byte = sample[end - back]!;
    if ((byte & 0xc0) === 0x80) continue;
    if (byte >= 0xc0) end -= back;
    break;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample.subarray(0, end));
    return true;
  } catch {
    return false;
  }
}

/**
 * The encoding of a sample: a byte-order mark wins, then valid UTF-8, then chardet's best guess
 * among encodings iconv-lite decodes (GB18030 covers GBK and GB2312 files).
 */
export function detectEncoding(sample: Buffer): DetectedEncoding {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return { encoding: 'utf-8', how: 'bom' };
  if (sample[0] === 0xff && sample[1] === 0xfe) return { encoding: 'utf-16le', how: 'bom' };
  if (sample[0] === 0xfe && sample[1] === 0xff) return { encoding: 'utf-16be', how: 'bom' };
  if (isUtf8(sample)) return { encoding: 'utf-8', how: 'utf8' };
  for (const candidate of chardet.analyse(sample)) {
    const name = candidate.name.toLowerCase();
    const encoding = name === 'gb2312' || name === 'gbk' ? 'gb18030' : name;
    if (encoding.startsWith('utf-8') || !iconv.encodingExists(encoding)) continue;
    return { encoding, how: 'guessed', confidence: candidate.confidence };
  }
  return { encoding: 'gb18030', how: 'guessed', confidence: 0 };
}

/**
 * A text file (gzip-aware) as a stream of strings: decoded from the given encoding or the detected
 * one, byte-order mark removed.
 */
export function openText(file: string, encoding?: string): { stream: Readable; encoding: DetectedEncoding } {
  const detected: DetectedEncoding = encoding
    ? { encoding: checkEncodingName(encoding), how: 'given' }
    : detectEncoding(readSample(file));
  let input: Readable = createReadStream(file, { highWaterMark: 1 << 20 });
  if (file.endsWith('.gz')) input = input.pipe(createGunzip());
  const stream = input.pipe(iconv.decodeStream(detected.encoding, { stripBOM: true })) as unknown as Readable;
  return { stream, encoding: detected };
}
