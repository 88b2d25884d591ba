import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DataRecord } from '../../src/data/data-record.ts';
import { mapRawItem, type FieldMapping } from '../../src/data/readers/field-mapping.ts';
import { JsonArraySplitter } from '../../src/data/readers/json-array-splitter.ts';
import { detectFormat, openReader, type ImportFormat, type ReaderOptions } from '../../src/data/readers/index.ts';
import { writeDocx, writeParquet, writePdf } from './reader-fixtures.ts';

let directory: string;
beforeAll(() => {
  directory = mkdtempSync(path.join(tmpdir(), 'kaiyuan-readers-'));
});

async function readAll(file: string, format: ImportFormat, options: ReaderOptions = {}, mapping: FieldMapping = {}) {
  const { items, problems } = openReader(file, format, options);
  const records: DataRecord[] = [];
  let index = 0;
  for await (const item of items) {
    const outcome = mapRawItem(item, mapping, ++index, 'r');
    if ('record' in outcome) records.push(outcome.record);
  }
  return { records, problems };
}

function write(name: string, content: string | Buffer): string {
  const file = path.join(directory, name);
  writeFileSync(file, content);
  return file;
}

describe('readers', () => {
  it('detects formats by extension, through .gz', () => {
    expect(detectFormat('a.JSONL')).toBe('jsonl');
    expect(detectFormat('b.csv.gz')).toBe('csv');
    expect(detectFormat('c.md')).toBe('markdown');
    expect(() => detectFormat('d.xyz')).toThrow(/Cannot tell the format/);
  });

  it('reads JSONL (gzip too), reporting bad lines and repairing them on request', async () => {
    const content = '{"id":"a","text":"你好"}\n\n{"text": "broken",}\n[1,2]\n{"content":"second"}\n';
    const plain = await readAll(write('x.jsonl', content), 'jsonl');
    expect(plain.records.map((record) => record.text)).toEqual(['你好', 'second']);
    expect(plain.problems).toEqual([
      { location: 'line 3', code: 'invalid_json', message: 'not valid JSON', dropped: true },
      { location: 'line 4', code: 'not_an_object', message: 'not a JSON object', dropped: true },
    ]);
    const repaired = await readAll(write('y.jsonl.gz', gzipSync(content)), 'jsonl', { repair: true });
    expect(repaired.records.map((record) => record.text)).toEqual(['你好', 'broken', 'second']);
  });

  it('streams a JSON array split at any chunk boundary', async () => {
    const json =
      '[{"text":"a [x] {y}","n":1}, {"text":"b \\" quote"} ,{"messages":[{"role":"user","content":"q"},{"role":"assistant","content":"a"}]}]';
    for (const size of [1, 3, 7, 1000]) {
      const splitter = new JsonArraySplitter();
      const elements: string[] = [];
      for (let offset = 0; offset < json.length; offset += size)
        elements.push(...splitter.push(json.slice(offset, offset + size)));
      expect(elements.map((element) => JSON.parse(element))).toEqual(JSON.parse(json));
    }
    const { records } = await readAll(write('z.json', json), 'json');
    expect(records).toHaveLength(3);
    expect(records[2]!.messages![1]).toEqual({ role: 'assistant', content: 'a' });
  });

  it('reads CSV and TSV with a field mapping', async () => {
    const csv = await readAll(
      write('q.csv', '\ufeffquestion,answer,lang\n"怎么退货？","七天内,无理由",zh\nHi,Hello,en\n'),
      'csv',
      {},
      { prompt: 'question', response: 'answer' },
    );
    expect(csv.records[0]).toEqual({
      id: 'r1',
      messages: [
        { role: 'user', content: '怎么退货？' },
        { role: 'assistant', content: '七天内,无理由' },
      ],
      meta: { lang: 'zh' },
    });
    const tsv = await readAll(write('t.tsv', 'body\tsource\nfirst\tweb\n'), 'csv', {}, { text: 'body' });
    expect(tsv.records[0]).toEqual({ id: 'r1', text: 'first', meta: { source: 'web' } });
  });

  it('reads Parquet row group by row group', async () => {
    const { records } = await readAll(writeParquet(directory, 10), 'parquet');
    expect(records).toHaveLength(10);
    expect(records[9]).toEqual({ id: '9', text: '第9行：parquet text 9' });
  });

  it('reads TXT and Markdown as documents, paragraphs or lines', async () => {
    const text = '第一段第一行\n第一段第二行\n\n第二段\n';
    expect((await readAll(write('a.txt', text), 'txt')).records[0]!.text).toBe(text);
    expect(
      (await readAll(write('b.txt', text), 'txt', { split: 'paragraph' })).records.map((record) => record.text),
    ).toEqual(['第一段第一行\n第一段第二行', '第二段']);
    expect((await readAll(write('c.txt', text), 'txt', { split: 'line' })).records).toHaveLength(3);
    const markdown = await readAll(write('d.md', '# 使用手册\n\n内容'), 'markdown');
    expect(markdown.records[0]).toMatchObject({
      text: '# 使用手册\n\n内容',
      meta: { source: 'd.md', title: '使用手册' },
    });
  });

  it('reads HTML, DOCX and PDF as text', async () => {
    const html = await readAll(
      write(
        'p.html',
        '<html><head><title>t</title><style>p{}</style></head><body><h1>标题</h1><p>正文 &amp; more</p></body></html>',
      ),
      'html',
    );
    expect(html.records[0]!.text).toBe('标题\n\n正文 & more');
    const docx = await readAll(await writeDocx(directory, ['合同第一条：双方同意。', 'Second paragraph.']), 'docx');
    expect(docx.records[0]!.text).toBe('合同第一条：双方同意。\n\nSecond paragraph.');
    const pdf = await readAll(await writePdf(directory, ['Page one of the manual.', 'Page two.']), 'pdf');
    expect(pdf.records[0]!.text).toBe('Page one of the manual.\n\nPage two.');
  });

  it('maps ShareGPT, Alpaca and preference fields automatically', () => {
    expect(
      mapRawItem(
        {
          conversations: [
            { from: 'human', value: 'q' },
            { from: 'gpt', value: 'a' },
          ],
          system: 's',
        },
        {},
        1,
        'r',
      ),
    ).toEqual({
      record: {
        id: 'r1',
        messages: [
          { role: 'system', content: 's' },
          { role: 'user', content: 'q' },
          { role: 'assistant', content: 'a' },
        ],
      },
    });
    expect(mapRawItem({ instruction: '翻译', input: 'hello', output: '你好' }, {}, 2, 'r')).toEqual({
      record: {
        id: 'r2',
        messages: [
          { role: 'user', content: '翻译\n\nhello' },
          { role: 'assistant', content: '你好' },
        ],
      },
    });
    expect(mapRawItem({ prompt: 'p', chosen: 'good', rejected: 'bad' }, { prompt: 'prompt' }, 3, 'r')).toEqual({
      record: { id: 'r3', messages: [{ role: 'user', content: 'p' }], chosen: 'good', rejected: 'bad' },
    });
    expect(mapRawItem({ title: 'x' }, {}, 4, 'r')).toMatchObject({
      error: expect.stringContaining('no text field found'),
    });
  });
});
