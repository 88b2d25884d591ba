import { createReadStream, createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { createGunzip, createGzip, type Gzip } from 'node:zlib';
import type { DataRecord } from '../data-record.ts';
import { recordText } from '../data-record.ts';

/** Lines of a text file, gzip-aware (by the `.gz` suffix), streamed. */
export function readLines(file: string): AsyncIterable<string> {
  let input: Readable = createReadStream(file, { highWaterMark: 1 << 20 });
  if (file.endsWith('.gz')) input = input.pipe(createGunzip());
  return createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
}

/** Records of a version file (our own JSONL, trusted but still parsed defensively). */
export async function* readRecords(file: string): AsyncGenerator<DataRecord> {
  let lineNumber = 0;
  for await (const line of readLines(file)) {
    lineNumber++;
    if (line.length === 0) continue;
    try {
      yield JSON.parse(line) as DataRecord;
    } catch {
      throw new Error(`Corrupt record at ${path.basename(file)}:${lineNumber}.`);
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
    const line = JSON.stringify(record);
    this.buffer.push(line);
    this.bufferedBytes += line.length + 1;
    this.records++;
    this.textBytes += Buffer.byteLength(recordText(record), 'utf8');
    if (this.bufferedBytes >= FLUSH_BYTES) await this.flush();
  }

  get count(): number {
    return this.records;
  }

  private async flush(): Promise<void> {
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
