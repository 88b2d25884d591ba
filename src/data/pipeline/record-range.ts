import type { DataRecord } from '../data-record.ts';
import { readLines } from '../storage/record-files.ts';

/** Records at positions [start, end) of a version file; lines before `start` are skipped unparsed. */
export async function* readRecordRange(
  file: string,
  start: number,
  end: number,
): AsyncGenerator<{ position: number; record: DataRecord }> {
  let position = 0;
  for await (const line of readLines(file)) {
    if (line.length === 0) continue;
    if (position >= end) return;
    if (position >= start) {
      let record: DataRecord;
      try {
        record = JSON.parse(line) as DataRecord;
      } catch {
        throw new Error(`Corrupt record at position ${position} of a dataset file.`);
      }
      yield { position, record };
    }
    position++;
  }
}

/** Splits [0, count) into ranges of at most `size` records. */
export function shardRanges(count: number, size: number): Array<{ start: number; end: number }> {
  if (count === 0) return [{ start: 0, end: 0 }];
  const ranges: Array<{ start: number; end: number }> = [];
  for (let start = 0; start < count; start += size) ranges.push({ start, end: Math.min(count, start + size) });
  return ranges;
}
