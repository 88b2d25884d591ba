import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readJsonl } from '../readers/jsonl-reader.ts';
import { readBoundedLines } from './bounded-lines.ts';

const directory = mkdtempSync(path.join(tmpdir(), 'bounded-lines-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe('bounded line reading', () => {
  it('splits lines across chunks, strips CR, and keeps a last line without a newline', async () => {
    const file = path.join(directory, 'plain.txt');
    writeFileSync(file, 'one\r\ntwo\n\nthree');
    expect(await collect(readBoundedLines(file, 10))).toEqual(['one', 'two', '', 'three']);
  });

  it('skips a line over the limit without holding it, and goes on with the next', async () => {
    const file = path.join(directory, 'long.txt');
    writeFileSync(file, `short\n${'x'.repeat(5_000)}\nafter\n${'y'.repeat(11)}`);
    expect(await collect(readBoundedLines(file, 10))).toEqual([
      'short',
      { overlong: true, bytes: 5_000 },
      'after',
      { overlong: true, bytes: 11 },
    ]);
  });

  it('2: a JSONL upload with a 600 MB line reports it and imports the other lines in bounded memory', async () => {
    const file = path.join(directory, 'huge.jsonl');
    const output = createWriteStream(file);
    const write = (text: string) =>
      new Promise<void>((resolve) => (output.write(text) ? resolve() : output.once('drain', () => resolve())));
    await write('{"text":"first"}\n{"text":"');
    const block = 'z'.repeat(8 * 1024 * 1024);
    for (let index = 0; index < 75; index++) await write(block);
    await write('"}\n{"text":"last"}\n');
    await new Promise<void>((resolve) => output.end(() => resolve()));
    const before = process.memoryUsage().rss;
    let peak = before;
    const result = readJsonl(file);
    const items: unknown[] = [];
    for await (const item of result.items) {
      items.push(item);
      peak = Math.max(peak, process.memoryUsage().rss);
    }
    expect(items).toEqual([{ text: 'first' }, { text: 'last' }]);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]!.location).toBe('line 2');
    expect(result.problems[0]!.message).toMatch(/^longer than 16777216 bytes \(629145611 bytes\): skipped$/);
    expect(peak - before).toBeLessThan(200 * 1024 * 1024);
  }, 60_000);
});
