import { createReadStream, createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { createGunzip, createGzip, type Gzip } from 'node:zlib';
import type { DataRecord } from '../data-record.ts';
import { recordText } from '../data-record.ts';

/**
 * Lines of one of our JSONL files (version, shard and export files), gzip-aware (by the `.gz`
 * suffix), streamed: one array of lines per chunk read, split at `\n` on the bytes (a trailing
 * `\r` is dropped; JSON text never holds a raw line break inside a line). Several times cheaper
 * than readline's event per line; a line longer than a chunk is joined from its pieces once.
 */
export async function* readLineBatches(file: string): AsyncGenerator<string[]> {
  let input: Readable = createReadStream(file, { highWaterMark: 1 << 20 });
  if (file.endsWith('.gz')) input = input.pipe(createGunzip());
  const pending: Buffer[] = [];
  const decode = (chunk: Buffer, start: number, end: number): string => {
    if (end > start && chunk[end - 1] === 13) end--;
    return chunk.toString('utf8', start, end);
  };
  for await (const chunk of input as AsyncIterable<Buffer>) {
    const lines: string[] = [];
    let start = 0;
    for (let newline = chunk.indexOf(10); newline >= 0; newline = chunk.indexOf(10, start)) {
      if (pending.length > 0) {
        pending.push(chunk.subarray(start, newline));
        const joined = Buffer.concat(pending);
        pending.length = 0;
        lines.push(decode(joined, 0, joined.length));
      } else {
        lines.push(decode(chunk, start, newline));
      }
      start = newline + 1;
    }
    if (start < chunk.length) pending.push(start === 0 ? chunk : chunk.subarray(start));
    if (lines.length > 0) yield lines;
  }
  if (pending.length > 0) {
    const joined = Buffer.concat(pending);
    pending.length = 0;
    yield [decode(joined, 0, joined.length)];
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

/** Writes records as JSONL (gzip when the name ends in `.gz`), buffered, respecting back-pressure. */
export class RecordWriter {
  private readonly output: WriteStream;
  private readonly gzip: Gzip | null;
  private buffer: string[] = [];
  private bufferedBytes = 0;
  private records = 0;
  private textBytes = 0;

  constructor(readonly file: string) {
    mkdirSync(path.dirname(file), { recursive: true });
    this.output = createWriteStream(file);
    this.gzip = file.endsWith('.gz') ? createGzip() : null;
    if (this.gzip) this.gzip.pipe(this.output);
  }

  async write(record: DataRecord): Promise<void> {
    this.add(record);
    if (this.full) await this.flush();
  }

  /** Buffers one record; call flush() when `full` says so (several records per await). */
  add(record: DataRecord): void {
    const line = JSON.stringify(record);
    this.buffer.push(line);
    this.bufferedBytes += line.length + 1;
    this.records++;
    this.textBytes += Buffer.byteLength(recordText(record), 'utf8');
  }

  get full(): boolean {
    return this.bufferedBytes >= FLUSH_BYTES;
  }

  get count(): number {
    return this.records;
  }

  async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const chunk = `${this.buffer.join('\n')}\n`;
    this.buffer = [];
    this.bufferedBytes = 0;
    const target = this.gzip ?? this.output;
    if (!target.write(chunk)) await new Promise<void>((resolve) => target.once('drain', () => resolve()));
  }

  async close(): Promise<WrittenFile> {
    await this.flush();
    await new Promise<void>((resolve, reject) => {
      this.output.once('error', reject);
      this.output.once('finish', () => resolve());
      if (this.gzip) this.gzip.end();
      else this.output.end();
    });
    return { records: this.records, textBytes: this.textBytes };
  }
}
