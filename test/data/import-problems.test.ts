import { writeFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkbenchFixture, waitForJob, writeJsonl, type WorkbenchFixture } from './workbench-support.ts';
import type { ReaderOptions } from '../../src/data/readers/index.ts';

const ORG = 'org_import';

describe('imports account for every input row', () => {
  let fixture: WorkbenchFixture;
  let counter = 0;
  beforeAll(async () => {
    fixture = await createWorkbenchFixture();
  });
  afterAll(async () => {
    await fixture.close();
  });

  async function importFile(file: string, readerOptions: ReaderOptions = {}) {
    const name = `set-${++counter}`;
    await fixture.workbench.createDataset(ORG, name);
    const job = await fixture.workbench.startImport(ORG, name, { file, readerOptions });
    const finished = await waitForJob(fixture.jobs, job.id);
    if (finished.status !== 'succeeded') return { job: finished, version: null, records: [] };
    const version = await fixture.workbench.getVersion(ORG, name, 'latest');
    const page = await fixture.workbench.browseRecords(ORG, name, 'latest', 0, 100);
    return { job: finished, version, records: page.records };
  }

  function write(name: string, content: string | Buffer): string {
    const file = path.join(fixture.dataDir, name);
    writeFileSync(file, content);
    return file;
  }

  it('detects GBK / GB18030 files instead of decoding them as UTF-8, and honours an explicit encoding', async () => {
    const rows = ['{"text":"你好，世界。这是一段用 GBK 编码保存的中文文本。"}', '{"text":"第二行：开源大模型平台"}'];
    const file = write('gbk.jsonl', iconv.encode(`${rows.join('\n')}\n`, 'gbk'));
    const { version, records } = await importFile(file);
    expect(records.map((record) => record.text)).toEqual([
      '你好，世界。这是一段用 GBK 编码保存的中文文本。',
      '第二行：开源大模型平台',
    ]);
    expect(records.some((record) => record.text!.includes('\ufffd'))).toBe(false);
    expect(version!.source.encoding).toMatchObject({ encoding: 'gb18030', how: 'guessed' });
    const csv = write('big5.csv', iconv.encode('text,source\n繁體中文的句子,網站\n', 'big5'));
    const given = await importFile(csv, { encoding: 'big5' });
    expect(given.records[0]).toMatchObject({ text: '繁體中文的句子', meta: { source: '網站' } });
    expect(given.version!.source.encoding).toEqual({ encoding: 'big5', how: 'given' });
    await fixture.workbench.createDataset(ORG, 'bad-encoding');
    await expect(
      fixture.workbench.startImport(ORG, 'bad-encoding', { file: csv, readerOptions: { encoding: 'klingon-8' } }),
    ).rejects.toMatchObject({ code: 'unknown_encoding', param: 'encoding', status: 400 });
  });

  it('reads the first JSONL record after a UTF-8 byte-order mark', async () => {
    const file = write('bom.jsonl', `\ufeff{"text":"first line"}\n{"text":"second line"}\n`);
    const { version, records } = await importFile(file);
    expect(records.map((record) => record.text)).toEqual(['first line', 'second line']);
    expect(version!.statistics[0]).toMatchObject({ in: 2, out: 2, dropped: 0 });
    expect(version!.source.encoding).toEqual({ encoding: 'utf-8', how: 'bom' });
  });

  it('keeps CSV values beyond the header and reports the line', async () => {
    const file = write('extra.csv', 'text,label\nfirst row,a\nsecond row,b,extra one,extra two\n');
    const { version, records } = await importFile(file);
    expect(records[1]!.meta).toEqual({ label: 'b', _extra_columns: ['extra one', 'extra two'] });
    expect(version!.statistics[0]).toMatchObject({
      in: 2,
      out: 2,
      dropped: 0,
      modified: 1,
      details: { extra_columns: 1 },
    });
    expect(version!.samples[0]).toMatchObject({
      recordId: 'line 3',
      action: 'modified',
      reason: 'extra_columns: 2 value(s) beyond the 2 header columns, kept in _extra_columns',
    });
  });

  it('fails an empty file instead of making an empty version', async () => {
    const empty = await importFile(write('empty.jsonl', ''));
    expect(empty.job.status).toBe('failed');
    expect(empty.job.error).toBe('The file has no records (it is empty); nothing was imported.');
    const allBad = await importFile(write('all-bad.jsonl', '{"text": ""}\nnot json\n'));
    expect(allBad.job.status).toBe('failed');
    expect(allBad.job.error).toBe(
      "No record could be imported: 1 empty_text, 1 invalid_json (first at line 1: empty_text: field 'text' is empty).",
    );
  });

  it('drops empty and non-string text with a code and the line number', async () => {
    const file = writeJsonl(fixture.dataDir, 'texts.jsonl', [
      { text: 'kept' },
      { text: '' },
      { text: '   ' },
      { text: 123 },
      { content: ['a', 'list'] },
      { other: 'no text here' },
    ]);
    const { version, records } = await importFile(file);
    expect(records.map((record) => record.text)).toEqual(['kept']);
    expect(version!.statistics[0]).toMatchObject({
      in: 6,
      out: 1,
      dropped: 5,
      details: { empty_text: 2, text_not_string: 2, no_text_field: 1 },
    });
    expect(version!.samples.map((sample) => [sample.recordId, sample.reason])).toEqual([
      ['line 2', "empty_text: field 'text' is empty"],
      ['line 3', "empty_text: field 'text' is empty"],
      ['line 4', "text_not_string: field 'text' is a number, not text"],
      ['line 5', "text_not_string: field 'content' is a list, not text"],
      ['line 6', 'no_text_field: no text field found (fields: other); set the text or messages field mapping'],
    ]);
  });

  it('drops a line over maxLineCharacters without reading it into memory, with its number', async () => {
    const file = write('long.jsonl', `{"text":"short"}\n{"text":"${'x'.repeat(5000)}"}\n{"text":"also short"}\n`);
    const { version, records } = await importFile(file, { maxLineCharacters: 1000 });
    expect(records.map((record) => record.text)).toEqual(['short', 'also short']);
    expect(version!.statistics[0]).toMatchObject({ in: 3, out: 2, dropped: 1, details: { line_too_long: 1 } });
    expect(version!.samples[0]).toMatchObject({
      recordId: 'line 2',
      reason: 'line_too_long: line of 5011 characters is longer than maxLineCharacters (1000)',
    });
  });

  it('keeps tool calls, tool results and tools of OpenAI and ShareGPT conversations', async () => {
    const tools = [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } }];
    const file = writeJsonl(fixture.dataDir, 'tools.jsonl', [
      {
        tools,
        messages: [
          { role: 'user', content: 'Weather in Beijing?' },
          {
            role: 'assistant',
            content: null,
            tool_calls: [
              { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Beijing"}' } },
            ],
          },
          { role: 'tool', tool_call_id: 'call_1', content: '{"temperature":21}' },
          { role: 'assistant', content: '21 degrees.' },
        ],
      },
      {
        tools: JSON.stringify(tools),
        conversations: [
          { from: 'human', value: '北京天气？' },
          { from: 'function_call', value: '{"name":"get_weather","arguments":{"city":"北京"}}' },
          { from: 'observation', value: '{"temperature":21}' },
          { from: 'gpt', value: '21 度。' },
        ],
      },
    ]);
    const { records } = await importFile(file);
    expect(records[0]!.tools).toEqual(tools);
    expect(records[0]!.messages![1]).toEqual({
      role: 'assistant',
      content: '',
      tool_calls: [
        { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Beijing"}' } },
      ],
    });
    expect(records[0]!.messages![2]).toEqual({ role: 'tool', content: '{"temperature":21}', tool_call_id: 'call_1' });
    expect(records[1]!.tools).toEqual(tools);
    expect(records[1]!.messages![1]!.tool_calls![0]!.function).toEqual({
      name: 'get_weather',
      arguments: '{"city":"北京"}',
    });
  });
});
