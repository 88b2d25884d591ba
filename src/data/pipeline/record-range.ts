import type { DataRecord } from '../data-record.ts';
import { lineText, readLineChunks, type LineChunk } from '../storage/record-files.ts';

/**
 * The lines of records at consecutive positions, from `first`, in one chunk read from a version
 * file; decoded and parsed one at a time (so a pass holds one record, not a chunk of them).
 */
export class RecordLines {
  constructor(
    readonly first: number,
    readonly count: number,
    private readonly chunk: LineChunk,
    /** Index in `chunk` of this batch's first line (empty lines are no records: see `dense`). */
    private readonly offset: number,
    private readonly lineIndex: Int32Array | null,
  ) {}

  /** The JSON line of record `index` of the batch. */
  line(index: number): string {
    return lineText(this.chunk, this.at(index));
  }

  /** The bytes of the lines (see lineStart, lineEnd). */
  get bytes(): Buffer {
    return this.chunk.bytes;
  }

  /** Where the line of record `index` starts in `bytes`. */
  lineStart(index: number): number {
    return this.chunk.starts[this.at(index)]!;
  }

  /** Where the line of record `index` ends in `bytes` (its line break excluded). */
  lineEnd(index: number): number {
    return this.chunk.ends[this.at(index)]!;
  }

  private at(index: number): number {
    return this.lineIndex ? this.lineIndex[index]! : this.offset + index;
  }

  /** Parses the line of record `index` (its position in errors). */
  parse(line: string, index: number): DataRecord {
    try {
      return JSON.parse(line) as DataRecord;
    } catch {
      throw new Error(`Corrupt record at position ${this.first + index} of a dataset file.`);
    }
  }

  record(index: number): DataRecord {
    return this.parse(this.line(index), index);
  }
}

/**
 * Records at positions [start, end) of a version file, one batch per chunk read; lines before
 * `start` are skipped undecoded, empty lines are no records.
 */
export async function* readRecordLines(file: string, start: number, end: number): AsyncGenerator<RecordLines> {
  let position = 0;
  for await (const chunk of readLineChunks(file)) {
    let first = -1;
    let from = -1;
    let count = 0;
    let lineIndex: Int32Array | null = null;
    for (let index = 0; index < chunk.count; index++) {
      if (chunk.ends[index] === chunk.starts[index]) {
        // An empty line inside the batch: the batch needs an index of its lines.
        if (count > 0 && !lineIndex) {
          lineIndex = new Int32Array(chunk.count);
          for (let at = 0; at < count; at++) lineIndex[at] = from + at;
        }
        continue;
      }
      if (position >= end) break;
      if (position >= start) {
        if (first < 0) {
          first = position;
          from = index;
        }
        if (lineIndex) lineIndex[count] = index;
        count++;
      }
      position++;
    }
    if (count > 0) yield new RecordLines(first, count, chunk, from, lineIndex);
    if (position >= end) return;
  }
}

/** Records at consecutive positions, from `first`, with the line each was parsed from. */
export interface RecordBatch {
  first: number;
  records: DataRecord[];
  lines: string[];
}

/** Records at positions [start, end) of a version file in batches (one per chunk read, parsed once each). */
export async function* readRecordBatches(file: string, start: number, end: number): AsyncGenerator<RecordBatch> {
  for await (const batch of readRecordLines(file, start, end)) {
    const records = new Array<DataRecord>(batch.count);
    const lines = new Array<string>(batch.count);
    for (let index = 0; index < batch.count; index++) {
      lines[index] = batch.line(index);
      records[index] = batch.parse(lines[index]!, index);
    }
    yield { first: batch.first, records, lines };
  }
}

/** Records at positions [start, end) of a version file, one at a time. */
export async function* readRecordRange(
  file: string,
  start: number,
  end: number,
): AsyncGenerator<{ position: number; record: DataRecord }> {
  for await (const batch of readRecordLines(file, start, end))
    for (let index = 0; index < batch.count; index++)
      yield { position: batch.first + index, record: batch.record(index) };
}

/** Splits [0, count) into ranges of at most `size` records. */
export function shardRanges(count: number, size: number): Array<{ start: number; end: number }> {
  if (count === 0) return [{ start: 0, end: 0 }];
  const ranges: Array<{ start: number; end: number }> = [];
  for (let start = 0; start < count; start += size) ranges.push({ start, end: Math.min(count, start + size) });
  return ranges;
}
