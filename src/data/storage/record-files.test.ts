import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { readRecordBatches, readRecordLines } from '../pipeline/record-range.ts';
import { readLineBatches, RecordWriter } from './record-files.ts';

const directory = mkdtempSync(path.join(os.tmpdir(), 'record-files-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

async function allLines(file: string): Promise<string[]> {
  const lines: string[] = [];
  for await (const batch of readLineBatches(file)) lines.push(...batch);
  return lines;
}

describe('readLineBatches', () => {
  // Lines around and across the 1 MiB read buffer, one longer than it (the buffer grows), CJK text
  // whose multi-byte characters straddle reads, \r\n endings, empty lines, no final line break.
  const lines = [
    'a',
    '',
    '诗'.repeat(349_525),
    'x'.repeat(2_500_000),
    'b\r',
    ...Array.from({ length: 5_000 }, (_, index) => `${index} 静夜思 ${'床前明月光'.repeat(index % 50)}`),
    '',
    'last',
  ];
  const text = lines.join('\n');
  const expected = lines.map((line) => line.replace(/\r$/, ''));

  it('splits a plain file into its lines, whatever the reads cut', async () => {
    const file = path.join(directory, 'lines.jsonl');
    writeFileSync(file, text);
    expect(await allLines(file)).toEqual(expected);
    writeFileSync(file, `${text}\n`);
    expect(await allLines(file)).toEqual(expected);
  });

  it('reads gzip files the same way', async () => {
    const file = path.join(directory, 'lines.jsonl.gz');
    writeFileSync(file, gzipSync(text));
    expect(await allLines(file)).toEqual(expected);
  });

  it('reads an empty file as no lines', async () => {
    const file = path.join(directory, 'empty.jsonl');
    writeFileSync(file, '');
    expect(await allLines(file)).toEqual([]);
  });
});

describe('readRecordLines', () => {
  it('numbers records without empty lines and keeps each record’s exact line and bytes', async () => {
    const file = path.join(directory, 'records.jsonl');
    const records = Array.from({ length: 3_000 }, (_, index) => ({
      id: `r${index}`,
      text: `第${index}首 ${'月'.repeat(index % 700)}`,
    }));
    // Empty lines between some records: they are no positions.
    writeFileSync(
      file,
      records.map((record, index) => `${JSON.stringify(record)}${index % 7 === 0 ? '\n' : ''}`).join('\n'),
    );
    const seen: Array<{ position: number; id: string; line: string; bytes: string }> = [];
    for await (const batch of readRecordLines(file, 1_000, 2_500))
      for (let index = 0; index < batch.count; index++)
        seen.push({
          position: batch.first + index,
          id: batch.record(index).id,
          line: batch.line(index),
          bytes: batch.bytes.toString('utf8', batch.lineStart(index), batch.lineEnd(index)),
        });
    expect(seen.map((entry) => entry.position)).toEqual(Array.from({ length: 1_500 }, (_, index) => 1_000 + index));
    expect(seen.map((entry) => entry.id)).toEqual(records.slice(1_000, 2_500).map((record) => record.id));
    for (const entry of seen) {
      expect(entry.line).toBe(JSON.stringify(records[entry.position]));
      expect(entry.bytes).toBe(entry.line);
    }
    const batched: string[] = [];
    for await (const batch of readRecordBatches(file, 0, 3_000))
      batched.push(...batch.records.map((record) => record.id));
    expect(batched).toEqual(records.map((record) => record.id));
  });

  it('names the position of a corrupt record', async () => {
    const file = path.join(directory, 'corrupt.jsonl');
    writeFileSync(file, '{"id":"a","text":"x"}\n\n{"id":"b",\n');
    await expect(async () => {
      for await (const batch of readRecordLines(file, 0, 2))
        for (let index = 0; index < batch.count; index++) batch.record(index);
    }).rejects.toThrow('Corrupt record at position 1 of a dataset file.');
  });
});

describe('RecordWriter', () => {
  const records = Array.from({ length: 20_000 }, (_, index) => ({
    id: `w${index}`,
    text: index === 7 ? '长'.repeat(600_000) : `${'词'.repeat(index % 300)} \u2028 "quoted" \\ ${index}`,
    ...(index % 3 === 0 ? { meta: { source: 'test', n: index } } : {}),
  }));
  const expected = `${records.map((record) => JSON.stringify(record)).join('\n')}\n`;
  const textBytes = records.reduce((sum, record) => sum + Buffer.byteLength(record.text), 0);

  for (const gzip of [false, true])
    it(`writes objects, lines and line bytes alike${gzip ? ' (gzip)' : ''}`, async () => {
      const file = path.join(directory, `written.jsonl${gzip ? '.gz' : ''}`);
      const writer = new RecordWriter(file);
      records.forEach((record, index) => {
        const line = JSON.stringify(record);
        if (index % 3 === 0) writer.add(record);
        else if (index % 3 === 1) writer.addLine(line, record);
        else {
          const bytes = Buffer.from(`xx${line}yy`);
          writer.addBytes(bytes, 2, bytes.length - 2, record);
        }
      });
      await writer.flush();
      expect(await writer.close()).toEqual({ records: records.length, textBytes });
      const written = gzip ? (await import('node:zlib')).gunzipSync(readFileSync(file)) : readFileSync(file);
      expect(written.toString('utf8')).toBe(expected);
    });
});
