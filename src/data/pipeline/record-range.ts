import type { DataRecord } from '../data-record.ts';
import { readLineBatches } from '../storage/record-files.ts';

/** Records at consecutive positions, from `first`. */
export interface RecordBatch {
  first: number;
  records: DataRecord[];
}

/**
 * Records at positions [start, end) of a version file in batches (one per chunk read, parsed once
 * each); lines before `start` are skipped unparsed.
 */
export async function* readRecordBatches(file: string, start: number, end: number): AsyncGenerator<RecordBatch> {
  let position = 0;
  for await (const lines of readLineBatches(file)) {
    let first = -1;
    const records: DataRecord[] = [];
    for (const line of lines) {
      if (line.length === 0) continue;
      if (position >= end) break;
      if (position >= start) {
        try {
          records.push(JSON.parse(line) as DataRecord);
        } catch {
          throw new Error(`Corrupt record at position ${position} of a dataset file.`);
        }
        if (first < 0) first = position;
      }
      position++;
    }
    if (records.length > 0) yield { first, records };
    if (position >= end) return;
  }
}

/** Records at positions [start, end) of a version file, one at a time. */
export async function* readRecordRange(
  file: string,
  start: number,
  end: number,
): AsyncGenerator<{ position: number; record: DataRecord }> {
  for await (const { first, records } of readRecordBatches(file, start, end))
    for (let index = 0; index < records.length; index++) yield { position: first + index, record: records[index]! };
}

/** Splits [0, count) into ranges of at most `size` records. */
export function shardRanges(count: number, size: number): Array<{ start: number; end: number }> {
  if (count === 0) return [{ start: 0, end: 0 }];
  const ranges: Array<{ start: number; end: number }> = [];
  for (let start = 0; start < count; start += size) ranges.push({ start, end: Math.min(count, start + size) });
  return ranges;
}
