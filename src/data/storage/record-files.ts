import {
  closeSync,
  createReadStream,
  createWriteStream,
  mkdirSync,
  openSync,
  readSync,
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
 * for): line `index` is `bytes[starts[index], ends[index])`, without its `\n` (or `\r\n`). Valid
 * until the next chunk is read: the reader reuses its buffers.
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

const CHUNK_BYTES = 1 << 20;

/** Line ranges of a chunk, in arrays that grow as needed and are reused chunk after chunk. */
class LineIndex implements LineChunk {
  bytes: Buffer = Buffer.alloc(0);
  starts = new Int32Array(1024);
  ends = new Int32Array(1024);
  count = 0;

  /** Indexes the whole lines of `bytes[0, length)`; returns where the unfinished last line starts. */
  index(bytes: Buffer, length: number): number {
    this.bytes = bytes;
    this.count = 0;
    const view = length === bytes.length ? bytes : bytes.subarray(0, length);
    let start = 0;
    for (let newline = view.indexOf(10); newline >= 0; newline = view.indexOf(10, start)) {
      this.push(start, newline);
      start = newline + 1;
    }
    return start;
  }

  push(start: number, end: number): void {
    const at = this.count++;
    if (at === this.starts.length) {
      const starts = new Int32Array(at * 2);
      starts.set(this.starts);
      this.starts = starts;
      const ends = new Int32Array(at * 2);
      ends.set(this.ends);
      this.ends = ends;
    }
    if (end > start && this.bytes[end - 1] === 13) end--;
    this.starts[at] = start;
    this.ends[at] = end;
  }
}

/**
 * Lines of one of our JSONL files (version, shard and export files), gzip-aware (by the `.gz`
 * suffix), one chunk of lines per read, split at `\n` on the bytes (a trailing `\r` is dropped;
 * JSON text never holds a raw line break inside a line). Nothing is decoded here, so a reader that
 * wants one line at a time holds no strings for the rest. A plain file is read with synchronous
 * reads into one reused buffer (the unfinished last line moves to its front; a line longer than the
 * buffer grows it): no stream, no new memory per chunk.
 */
export async function* readLineChunks(file: string): AsyncGenerator<LineChunk> {
  if (file.endsWith('.gz')) {
    yield* readCompressedLineChunks(file);
    return;
  }
  const descriptor = openSync(file, 'r');
  try {
    const lines = new LineIndex();
    let buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    let carried = 0;
    for (;;) {
      if (carried === buffer.length) {
        const grown = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(grown, 0, 0, carried);
        buffer = grown;
      }
      const read = readSync(descriptor, buffer, carried, buffer.length - carried, null);
      if (read === 0) {
        if (carried > 0) {
          lines.index(buffer, 0);
          lines.push(0, carried);
          yield lines;
        }
        return;
      }
      const length = carried + read;
      const rest = lines.index(buffer, length);
      if (lines.count > 0) yield lines;
      // After the consumer is done with this chunk: the unfinished line moves to the front.
      buffer.copy(buffer, 0, rest, length);
      carried = length - rest;
    }
  } finally {
    closeSync(descriptor);
  }
}

/** readLineChunks for a gzip file: the decompressed stream's chunks, a line split between two joined once. */
async function* readCompressedLineChunks(file: string): AsyncGenerator<LineChunk> {
  const input: Readable = createReadStream(file, { highWaterMark: CHUNK_BYTES }).pipe(createGunzip());
  const lines = new LineIndex();
  let pending: Buffer | null = null;
  for await (const read of input as AsyncIterable<Buffer>) {
    const bytes: Buffer = pending ? Buffer.concat([pending, read]) : read;
    const rest = lines.index(bytes, bytes.length);
    if (lines.count > 0) yield lines;
    pending = rest < bytes.length ? bytes.subarray(rest) : null;
  }
  if (pending) {
    lines.index(pending, 0);
    lines.push(0, pending.length);
    yield lines;
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
const newline = Buffer.from('\n');

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

  /**
   * Buffers one record given as the bytes of its JSON line (`bytes[start, end)`, no line break):
   * as addLine, without decoding or encoding anything.
   */
  addBytes(bytes: Buffer, start: number, end: number, record: DataRecord): void {
    this.records++;
    this.textBytes += Buffer.byteLength(recordText(record), 'utf8');
    const length = end - start;
    if (length > 3 * DIRECT_LINE) {
      this.writeOut();
      this.send(Buffer.concat([bytes.subarray(start, end), newline]));
      return;
    }
    if (this.used + length + 1 > this.buffer.length) this.writeOut();
    bytes.copy(this.buffer, this.used, start, end);
    this.used += length;
    this.buffer[this.used++] = 10;
    if (this.descriptor !== null && this.used >= FLUSH_BYTES) this.writeOut();
  }

  /**
   * Appends bytes that already are whole JSONL lines (a shard's output); not counted as records.
   * With gzip, the compressor keeps `bytes`: the caller must not reuse them.
   */
  async writeBytes(bytes: Buffer): Promise<void> {
    this.writeOut();
    this.send(bytes);
    await this.flush();
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
