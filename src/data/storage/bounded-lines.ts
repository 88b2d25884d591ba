import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

/** The longest line an uploaded text file may have; longer lines are dropped with a reported reason. */
export const maxLineBytes = 16 * 1024 * 1024;

/** A line longer than the limit: its bytes were skipped, never held in memory. */
export interface OverlongLine {
  overlong: true;
  bytes: number;
}

/**
 * Lines of an uploaded text file (gzip-aware), streamed with a bound: a line is kept in memory
 * only up to `limit` bytes; beyond that the rest of it is skipped and it comes out as an
 * `OverlongLine`, so one huge line costs neither memory nor a crash (readline would buffer it whole).
 */
export async function* readBoundedLines(file: string, limit = maxLineBytes): AsyncGenerator<string | OverlongLine> {
  let input: Readable = createReadStream(file, { highWaterMark: 1 << 20 });
  if (file.endsWith('.gz')) input = input.pipe(createGunzip());
  let parts: Buffer[] = [];
  let held = 0;
  let skipped = 0;
  for await (const chunk of input as AsyncIterable<Buffer>) {
    let start = 0;
    while (start < chunk.length) {
      const newline = chunk.indexOf(10, start);
      const end = newline === -1 ? chunk.length : newline;
      if (skipped > 0 || held + (end - start) > limit) {
        skipped += held + (end - start);
        parts = [];
        held = 0;
      } else if (end > start) {
        parts.push(chunk.subarray(start, end));
        held += end - start;
      }
      if (newline === -1) break;
      yield skipped > 0 ? { overlong: true, bytes: skipped } : lineOf(parts);
      parts = [];
      held = 0;
      skipped = 0;
      start = newline + 1;
    }
  }
  if (skipped > 0) yield { overlong: true, bytes: skipped };
  else if (held > 0) yield lineOf(parts);
}

function lineOf(parts: Buffer[]): string {
  const text = parts.length === 1 ? parts[0]!.toString('utf8') : Buffer.concat(parts).toString('utf8');
  return text.endsWith('\r') ? text.slice(0, -1) : text;
}

export function isOverlong(line: string | OverlongLine): line is OverlongLine {
  return typeof line !== 'string';
}
