import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DataRecord } from '../../src/data/data-record.ts';
import { exportVersion } from '../../src/data/exporters/export-version.ts';
import type { ExportFormat } from '../../src/data/exporters/index.ts';
import { RecordWriter } from '../../src/data/storage/record-files.ts';
import {
  loadJsonDataset,
  loadLlamaFactory,
  loadTrlPreference,
  openAiChatFileErrors,
} from '../support/trainer-loaders.ts';

const root = mkdtempSync(path.join(tmpdir(), 'kaiyuan-export-loaders-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const plain: DataRecord = {
  id: 'plain',
  messages: [
    { role: 'user', content: '怎么退货？' },
    { role: 'assistant', content: '七天内可无理由退货。' },
  ],
};
const withSystem: DataRecord = {
  id: 'system',
  messages: [
    { role: 'system', content: 'You are a support agent.' },
    { role: 'user', content: 'Where is my parcel?' },
    { role: 'assistant', content: 'It left the warehouse today.' },
    { role: 'user', content: 'When will it arrive?' },
    { role: 'assistant', content: 'Tomorrow.' },
  ],
};
const toolCalling: DataRecord = {
  id: 'tools',
  tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: {} } } }],
  messages: [
    { role: 'user', content: '北京天气怎么样？' },
    {
      role: 'assistant',
      content: '',
      tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"北京"}' } }],
    },
    { role: 'tool', content: '{"temperature": 21}', tool_call_id: 'call_1' },
    { role: 'assistant', content: '北京 21 度。' },
  ],
};
const pair: DataRecord = {
  id: 'pair',
  messages: [{ role: 'user', content: 'Say hello politely' }],
  chosen: 'Hello, nice to meet you!',
  rejected: 'what',
};
const pairWithSystem: DataRecord = {
  id: 'pair-system',
  messages: [
    { role: 'system', content: '礼貌回答。' },
    { role: 'user', content: '写一句问候' },
  ],
  chosen: '您好！',
  rejected: '干嘛',
};

async function exportRecords(name: string, format: ExportFormat, records: DataRecord[], validationRatio = 0) {
  const input = path.join(root, `${name}.input.jsonl`);
  const writer = new RecordWriter(input);
  for (const record of records) await writer.write(record);
  await writer.close();
  const directory = path.join(root, name);
  const result = await exportVersion({ input, directory, format, validationRatio });
  return { directory, result };
}

describe('exports load in the trainers users run', () => {
  it('LLaMA-Factory sharegpt: without any system message dataset_info lists no system column, and the file loads', async () => {
    const { directory, result } = await exportRecords('sharegpt-plain', 'sharegpt', [plain, plain]);
    const info = JSON.parse(readFileSync(path.join(directory, 'dataset_info.json'), 'utf8'));
    expect(info.kaiyuan_train.columns).toEqual({ messages: 'conversations' });
    const loaded = loadLlamaFactory(directory, 'kaiyuan_train');
    expect(loaded).toMatchObject({ dropped: 0 });
    expect(loaded.examples).toHaveLength(result.train);
    expect(loaded.examples[0]!.response).toEqual([{ role: 'assistant', content: '七天内可无理由退货。' }]);
  });

  it('LLaMA-Factory sharegpt: mixed system, tool calls and a validation split load with one column set per file', async () => {
    const records = [
      plain,
      withSystem,
      toolCalling,
      ...Array.from({ length: 30 }, (_, index) => ({
        ...withSystem,
        id: `s${index}`,
        messages: withSystem.messages!.map((message) => ({ ...message, content: `${message.content} ${index}` })),
      })),
    ];
    const { directory, result } = await exportRecords('sharegpt-mixed', 'sharegpt', records, 0.3);
    expect(result.rejected).toBe(0);
    const info = JSON.parse(readFileSync(path.join(directory, 'dataset_info.json'), 'utf8'));
    let examples = 0;
    for (const split of ['kaiyuan_train', 'kaiyuan_validation']) {
      const loaded = loadLlamaFactory(directory, split);
      expect(loaded.dropped).toBe(0);
      examples += loaded.examples.length;
      // `system` is listed exactly when a line of that file has one.
      const hasSystem = loaded.examples.some((example) => example.system !== '');
      expect(info[split].columns.system === 'system').toBe(hasSystem);
    }
    expect(examples).toBe(records.length);
    const all = [
      ...loadLlamaFactory(directory, 'kaiyuan_train').examples,
      ...loadLlamaFactory(directory, 'kaiyuan_validation').examples,
    ];
    const tool = all.find((example) => example.prompt.some((turn) => turn.role === 'function'))!;
    expect(tool.prompt.map((turn) => turn.role)).toEqual(['user', 'function', 'observation']);
    expect(JSON.parse(tool.prompt[1]!.content)).toEqual({ name: 'get_weather', arguments: { city: '北京' } });
    expect(JSON.parse(tool.tools)).toEqual(toolCalling.tools);
    expect(all.find((example) => example.system === 'You are a support agent.')).toBeDefined();
  });

  it('LLaMA-Factory alpaca: system and history columns only when rows have them', async () => {
    const bare = await exportRecords('alpaca-plain', 'alpaca', [plain]);
    expect(
      JSON.parse(readFileSync(path.join(bare.directory, 'dataset_info.json'), 'utf8')).kaiyuan_train.columns,
    ).toEqual({
      prompt: 'instruction',
      query: 'input',
      response: 'output',
    });
    expect(loadLlamaFactory(bare.directory, 'kaiyuan_train').examples).toHaveLength(1);
    const mixed = await exportRecords('alpaca-mixed', 'alpaca', [plain, withSystem, toolCalling]);
    expect(mixed.result.rejections).toEqual({
      'tool calls cannot be expressed in Alpaca format (export as sharegpt or openai)': 1,
    });
    const loaded = loadLlamaFactory(mixed.directory, 'kaiyuan_train');
    expect(loaded.dropped).toBe(0);
    expect(loaded.examples[1]).toEqual({
      prompt: [
        { role: 'user', content: 'Where is my parcel?' },
        { role: 'assistant', content: 'It left the warehouse today.' },
        { role: 'user', content: 'When will it arrive?' },
      ],
      response: [{ role: 'assistant', content: 'Tomorrow.' }],
      system: 'You are a support agent.',
      tools: '',
    });
  });

  it('LLaMA-Factory preference (ranking): system listed only when rows have it; pairs load as chosen/rejected', async () => {
    const bare = await exportRecords('lf-dpo-plain', 'llamafactory-dpo', [pair]);
    const info = JSON.parse(readFileSync(path.join(bare.directory, 'dataset_info.json'), 'utf8'));
    expect(info.kaiyuan_train).toMatchObject({
      ranking: true,
      columns: { messages: 'conversations', chosen: 'chosen', rejected: 'rejected' },
    });
    expect(info.kaiyuan_train.columns.system).toBeUndefined();
    expect(loadLlamaFactory(bare.directory, 'kaiyuan_train').examples[0]!.response).toEqual([
      { role: 'assistant', content: 'Hello, nice to meet you!' },
      { role: 'assistant', content: 'what' },
    ]);
    const mixed = await exportRecords('lf-dpo-mixed', 'llamafactory-dpo', [pair, pairWithSystem, plain]);
    expect(mixed.result).toMatchObject({ train: 2, rejected: 1 });
    const loaded = loadLlamaFactory(mixed.directory, 'kaiyuan_train');
    expect(loaded.dropped).toBe(0);
    expect(loaded.examples.map((example) => example.system)).toEqual(['', '礼貌回答。']);
  });

  it('TRL preference: conversational prompt/chosen/rejected that DPOTrainer reads', async () => {
    const { directory, result } = await exportRecords('trl', 'trl-preference', [
      pair,
      pairWithSystem,
      { ...pair, id: 'same', rejected: pair.chosen },
    ]);
    expect(result).toMatchObject({
      train: 2,
      rejected: 1,
      rejections: { 'chosen and rejected answers are identical': 1 },
    });
    const loaded = loadTrlPreference(path.join(directory, 'train.jsonl'));
    expect(loaded.conversational).toBe(true);
    expect(loaded.rows[1]).toEqual({
      prompt: [
        { role: 'system', content: '礼貌回答。' },
        { role: 'user', content: '写一句问候' },
      ],
      chosen: [{ role: 'assistant', content: '您好！' }],
      rejected: [{ role: 'assistant', content: '干嘛' }],
    });
  });

  it('OpenAI chat (and TRL SFT conversational): tool calls survive and pass the fine-tuning checks', async () => {
    const { directory, result } = await exportRecords('openai', 'openai', [plain, toolCalling]);
    expect(result.rejected).toBe(0);
    expect(openAiChatFileErrors(path.join(directory, 'train.jsonl'))).toEqual([]);
    // OpenAI reads line by line: `tools` only on the lines that have tools.
    const rows = readFileSync(path.join(directory, 'train.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(rows[0].tools).toBeUndefined();
    expect(rows[1].tools).toEqual(toolCalling.tools);
    expect(rows[1].messages[1].tool_calls[0].function.name).toBe('get_weather');
    expect(rows[1].messages[2].tool_call_id).toBe('call_1');
  });

  it('the loader rules fail on what used to be written: a listed column no row has', () => {
    // The check the tests above rely on is not vacuous.
    const directory = path.join(root, 'old');
    rmSync(directory, { recursive: true, force: true });
    mkdirSync(directory, { recursive: true });
    writeFileSync(
      path.join(directory, 'train.jsonl'),
      `${JSON.stringify({
        conversations: [
          { from: 'human', value: 'a' },
          { from: 'gpt', value: 'b' },
        ],
      })}\n`,
    );
    writeFileSync(
      path.join(directory, 'dataset_info.json'),
      JSON.stringify({
        kaiyuan_train: {
          file_name: 'train.jsonl',
          formatting: 'sharegpt',
          columns: { messages: 'conversations', system: 'system' },
        },
      }),
    );
    expect(() => loadLlamaFactory(directory, 'kaiyuan_train')).toThrow("KeyError: 'system'");
  });
});
