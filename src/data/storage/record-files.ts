import {
  closeSync,
  createReadStream,
  createWriteStream,
  mkdirSync,
  openSync,
  writeSync,
  type WriteStream,
} from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { createGunzip, createGzip, type Gzip } from 'node:zlib';
import type { DataRecord } from '../data-record.ts';
import { recordText } from '../data-record.ts';

/**
 * The whole lines of one chunk read from a JSONL file, as byte ranges (decoded only when asked
 * for): line `index` is `bytes[starts[index], ends[index])`, without its `\n` (or `\r\n`).
 */
export interface LineChunk {
  bytes: Buffer;
  starts: Int32Array;
  ends: Int32Array;
  count: number;
}

export function lineText(chunk: LineChunk, index: number): string {
  return chunk.bytes.toString('utf8', chunk.starts[index], chunk.ends[index]);
}

/**
 * Lines of one of our JSONL files (version, shard and export files), gzip-aware (by the `.gz`
 * suffix), streamed: one chunk of lines per chunk read, split at `\n` on the bytes (a trailing
 * `\r` is dropped; JSON text never holds a raw line break inside a line). Several times cheaper
 * than readline's event per line; a line longer than a chunk is joined from its pieces once.
 * Nothing is decoded here, so a reader that wants one line at a time holds no strings for the rest.
 */
export async function* readLineChunks(file: string): AsyncGenerator<LineChunk> {
  let input: Readable = createReadStream(file, { highWaterMark: 1 << 20 });
  if (file.endsWith('.gz')) input = input.pipe(createGunzip());
  const pending: Buffer[] = [];
  let starts = new Int32Array(1024);
  let ends = new Int32Array(1024);
  const chunkOf = (bytes: Buffer, count: number): LineChunk => {
    // The arrays go out with this chunk: the next one gets new ones.
    const chunk = { bytes, starts, ends, count };
    starts = new Int32Array(starts.length);
    ends = new Int32Array(ends.length);
    return chunk;
  };
  const push = (bytes: Buffer, at: number, start: number, end: number) => {
    if (at === starts.length) {
      const grownStarts = new Int32Array(at * 2);
      grownStarts.set(starts);
      starts = grownStarts;
      const grownEnds = new Int32Array(at * 2);
      grownEnds.set(ends);
      ends = grownEnds;
    }
    if (end > start && bytes[end - 1] === 13) end--;
    starts[at] = start;
    ends[at] = end;
  };
  for await (const read of input as AsyncIterable<Buffer>) {
    let chunk = read;
    let start = 0;
    let count = 0;
    let newline = chunk.indexOf(10);
    if (pending.length > 0) {
      if (newline < 0) {
        pending.push(chunk);
        continue;
      }
      // The line that began in earlier chunks: join it with the rest of this chunk, once.
      pending.push(chunk);
      const joined = Buffer.concat(pending);
      pending.length = 0;
      newline += joined.length - chunk.length;
      chunk = joined;
    }
    for (; newline >= 0; newline = chunk.indexOf(10, start)) {
      push(chunk, count++, start, newline);
      start = newline + 1;
    }
    if (start < chunk.length) pending.push(start === 0 ? chunk : chunk.subarray(start));
    if (count > 0) yield chunkOf(chunk, count);
  }
  if (pending.length > 0) {
    const joined = Buffer.concat(pending);
    pending.length = 0;
    push(joined, 0, 0, joined.length);
    yield chunkOf(joined, 1);
  }
}

/** Lines of one of our JSONL files, decoded, one array per chunk read (see readLineChunks). */
export async function* readLineBatches(file: string): AsyncGenerator<string[]> {
  for await (const chunk of readLineChunks(file)) {
    const lines = new Array<string>(chunk.count);
    for (let index = 0; index < chunk.count; index++) lines[index] = lineText(chunk, index);
    yield lines;
  }
}

/** Lines of one of our JSONL files, one at a time (see readLineBatches). */
export async function* readLines(file: string): AsyncGenerator<string> {
  for await (const lines of readLineBatches(file)) yield* lines;
}

/** Records of a version file (our own JSONL, trusted but still parsed defensively). */
export async function* readRecords(file: string): AsyncGenerator<DataRecord> {
  let lineNumber = 0;
  for await (const lines of readLineBatches(file)) {
    for (const line of lines) {
      lineNumber++;
      if (line.length === 0) continue;
      let record: DataRecord;
      try {
        record = JSON.parse(line) as DataRecord;
      } catch {
        throw new Error(`Corrupt record at ${path.basename(file)}:${lineNumber}.`);
      }
      yield record;
    }
  }
}

export interface WrittenFile {
  records: number;
  textBytes: number;
}

const FLUSH_BYTES = 1 << 20;
/** A line longer than this (in UTF-16 units) is written on its own, not copied into the buffer. */
const DIRECT_LINE = FLUSH_BYTES / 4;

/**
 * Writes records as JSONL (gzip when the name ends in `.gz`). Lines are encoded straight into one
 * reused byte buffer; a plain file gets it with a synchronous write when it fills (no copy, no
 * stream), a gzip file through the compressor, respecting back-pressure on flush().
 */
export class RecordWriter {
  private readonly descriptor: number | null;
  private readonly output: WriteStream | null;
  private readonly gzip: Gzip | null;
  private buffer = Buffer.allocUnsafe(FLUSH_BYTES + 3 * DIRECT_LINE + 1);
  private used = 0;
  private records = 0;
  private textBytes = 0;

  constructor(readonly file: string) {
    mkdirSync(path.dirname(file), { recursive: true });
    if (file.endsWith('.gz')) {
      this.descriptor = null;
      this.output = createWriteStream(file);
      this.gzip = createGzip();
      this.gzip.pipe(this.output);
    } else {
      this.descriptor = openSync(file, 'w');
      this.output = null;
      this.gzip = null;
    }
  }

  async write(record: DataRecord): Promise<void> {
    this.add(record);
    if (this.full) await this.flush();
  }

  /** Buffers one record; call flush() when `full` says so (several records per await). */
  add(record: DataRecord): void {
    this.addLine(JSON.stringify(record), record);
  }

  /**
   * Buffers one record given as its JSON line: the line a version file had for a record no step
   * changed (version files are written by JSON.stringify, and JSON.stringify(JSON.parse(line))
   * gives the line back), so it needs no second serialization.
   */
  addLine(line: string, record: DataRecord): void {
    this.records++;
    this.textBytes += Buffer.byteLength(recordText(record), 'utf8');
    if (line.length > DIRECT_LINE) {
      this.writeOut();
      this.send(Buffer.from(`${line}\n`, 'utf8'));
      return;
    }
    // At most 3 bytes per UTF-16 unit (a surrogate pair: 4 bytes for 2 units).
    if (this.used + 3 * line.length + 1 > this.buffer.length) this.writeOut();
    this.used += this.buffer.write(line, this.used, 'utf8');
    this.buffer[this.used++] = 10;
    if (this.descriptor !== null && this.used >= FLUSH_BYTES) this.writeOut();
  }

  get full(): boolean {
    return this.used >= FLUSH_BYTES;
  }

  get count(): number {
    return this.records;
  }

  /** Hands the buffered bytes on: a synchronous write to a plain file, the compressor otherwise. */
  private writeOut(): void {
    if (this.used === 0) return;
    if (this.gzip) {
      // The compressor keeps the buffer until it has read it: start a new one.
      this.send(this.buffer.subarray(0, this.used));
      this.buffer = Buffer.allocUnsafe(this.buffer.length);
    } else {
      this.send(this.buffer.subarray(0, this.used));
    }
    this.used = 0;
  }

  private send(bytes: Buffer): void {
    if (this.gzip) {
      this.gzip.write(bytes);
      return;
    }
    for (let offset = 0; offset < bytes.length;)
      offset += writeSync(this.descriptor!, bytes, offset, bytes.length - offset);
  }

  async flush(): Promise<void> {
    this.writeOut();
    const gzip = this.gzip;
    if (gzip && gzip.writableNeedDrain) await new Promise<void>((resolve) => gzip.once('drain', () => resolve()));
  }

  async close(): Promise<WrittenFile> {
    this.writeOut();
    if (this.descriptor !== null) {
      closeSync(this.descriptor);
    } else {
      const output = this.output!;
      await new Promise<void>((resolve, reject) => {
        output.once('error', reject);
        output.once('finish', () => resolve());
        this.gzip!.end();
      });
    }
    return { records: this.records, textBytes: this.textBytes };
  }
}
