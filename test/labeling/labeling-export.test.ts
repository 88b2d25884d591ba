import { loadLlamaFactory, loadTrlPreference } from '../support/trainer-loaders.ts';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  alpacaErrors,
  llamaFactoryPreferenceErrors,
  openAiChatErrors,
  openAiDpoErrors,
  readDatasetInfo,
  readJsonl,
  shareGptErrors,
} from './format-rules.ts';
import {
  createLabelingFixture,
  exportAndWait,
  importRows,
  principalOf,
  waitForJob,
  type LabelingFixture,
} from './labeling-support.ts';

const ORG = 'org_export';

describe('export of accepted labels', () => {
  let fixture: LabelingFixture;
  beforeEach(async () => {
    fixture = await createLabelingFixture('sqlite');
  });
  afterEach(async () => fixture.close());
  const admin = () => fixture.labeling.actor(principalOf(ORG, 'owner', 'usr_owner'));
  const annotator = () => fixture.labeling.actor(principalOf(ORG, 'annotator', 'usr_1'));

  async function project(
    name: string,
    rows: unknown[],
    labelSchema: Record<string, unknown>,
    mapping?: Record<string, unknown>,
  ) {
    await importRows(fixture.workbench, fixture.jobs, ORG, `${name}-data`, rows, fixture.dataDir, mapping);
    return fixture.labeling.projects.create(admin(), {
      name,
      dataset: `${name}-data`,
      labelSchema,
      annotators: ['usr_1'],
    });
  }

  async function labelAll(
    projectId: string,
    label: (view: Awaited<ReturnType<LabelingFixture['labeling']['annotation']['getTask']>>) => unknown,
    offsets?: 'utf16',
  ) {
    for (const view of await fixture.labeling.annotation.listTasks(annotator(), projectId)) {
      await fixture.labeling.annotation.submit(annotator(), projectId, view.id, { label: label(view), offsets });
      await fixture.labeling.reviews.review(admin(), projectId, view.id, { action: 'accept' });
    }
  }

  it('writes SFT sets from written responses that OpenAI’s and LLaMA-Factory’s rules accept', async () => {
    const rows = [
      { id: 'q1', instruction: '把“开源”翻译成英文', output: 'open sourse' },
      { id: 'q2', instruction: 'What is 2+2?', output: '' },
    ];
    const created = await project('sft', rows, { kind: 'response' });
    await labelAll(created.id, (view) => ({ answer: view.content.answer ? 'open source' : 'Four (4).' }));
    const openai = await exportAndWait(fixture, admin(), created.id, { format: 'openai' });
    const lines = readJsonl(openai.directory);
    expect(lines).toHaveLength(2);
    expect(lines.flatMap(openAiChatErrors)).toEqual([]);
    expect(lines[0]!.messages).toEqual([
      { role: 'user', content: '把“开源”翻译成英文' },
      { role: 'assistant', content: 'open source' },
    ]);
    // Round trip: the exported file imports back into the workbench as the same conversations.
    await fixture.workbench.createDataset(ORG, 'sft-roundtrip');
    const imported = await fixture.workbench.startImport(ORG, 'sft-roundtrip', {
      file: path.join(openai.directory, 'train.jsonl'),
    });
    expect((await waitForJob(fixture.jobs, imported.id)).status).toBe('succeeded');
    const back = await fixture.workbench.browseRecords(ORG, 'sft-roundtrip', 'latest', 0, 10);
    expect(back.records.map((record) => record.messages)).toEqual(lines.map((line) => line.messages));
    const alpaca = await exportAndWait(fixture, admin(), created.id, { format: 'alpaca' });
    expect(readJsonl(alpaca.directory).flatMap(alpacaErrors)).toEqual([]);
    expect(readDatasetInfo(alpaca.directory).kaiyuan_train.columns).toMatchObject({
      prompt: 'instruction',
      query: 'input',
      response: 'output',
    });
    expect(readDatasetInfo(alpaca.directory).kaiyuan_train.columns).not.toHaveProperty('system');
    expect(loadLlamaFactory(alpaca.directory, 'kaiyuan_train')).toMatchObject({ dropped: 0 });
    const sharegpt = await exportAndWait(fixture, admin(), created.id, { format: 'sharegpt' });
    expect(readJsonl(sharegpt.directory).flatMap(shareGptErrors)).toEqual([]);
    expect(loadLlamaFactory(sharegpt.directory, 'kaiyuan_train').examples).toHaveLength(2);
    expect(readDatasetInfo(sharegpt.directory).kaiyuan_train).toMatchObject({
      formatting: 'sharegpt',
      tags: { user_tag: 'human', assistant_tag: 'gpt' },
    });
  });

  it('writes kept, edited QA pairs as ShareGPT conversations', async () => {
    const created = await project('qa', [{ id: 'c1', text: '开源软件的源代码公开。Anyone may read it.' }], {
      kind: 'qa_review',
    });
    await labelAll(created.id, () => ({
      pairs: [
        { question: '开源软件的源代码公开吗？', answer: '是的，公开。', keep: true },
        { question: 'Who may read it?', answer: 'Anyone.', keep: true },
        { question: 'Bad question', answer: 'Bad answer', keep: false },
      ],
    }));
    const result = await exportAndWait(fixture, admin(), created.id, { format: 'sharegpt' });
    const lines = readJsonl(result.directory);
    expect(lines).toHaveLength(2);
    expect(lines.flatMap(shareGptErrors)).toEqual([]);
    expect(lines[0]!.conversations).toEqual([
      { from: 'human', value: '开源软件的源代码公开吗？' },
      { from: 'gpt', value: '是的，公开。' },
    ]);
  });

  it('writes preference judgements as OpenAI DPO pairs (ties are left out with a reason)', async () => {
    const rows = [
      { id: 'p1', prompt: '写一句问候', response_a: '你好！', response_b: '走开。' },
      { id: 'p2', prompt: 'Say hi', response_a: 'go away', response_b: 'Hello there!' },
      { id: 'p3', prompt: 'Either', response_a: 'A', response_b: 'B' },
    ];
    const created = await project('prefs', rows, { kind: 'preference', allowTie: true }, { prompt: 'prompt' });
    const verdicts: Record<string, string> = { p1: 'a', p2: 'b', p3: 'tie' };
    await labelAll(created.id, (view) => ({ preferred: verdicts[view.recordId] }));
    const result = await exportAndWait(fixture, admin(), created.id, { format: 'dpo' });
    const lines = readJsonl(result.directory);
    expect(lines.flatMap(openAiDpoErrors)).toEqual([]);
    expect(lines.map((line) => [line.preferred_output[0].content, line.non_preferred_output[0].content])).toEqual([
      ['你好！', '走开。'],
      ['Hello there!', 'go away'],
    ]);
    expect(result.rejected).toBe(1);
    const tieReason = 'a tie: both answers were judged equally good, and preference training needs one better answer';
    expect(result.rejections).toEqual({ [tieReason]: 1 });
    const llamaFactory = await exportAndWait(fixture, admin(), created.id, { format: 'llamafactory-dpo' });
    const pairs = readJsonl(llamaFactory.directory);
    expect(pairs.flatMap(llamaFactoryPreferenceErrors)).toEqual([]);
    expect(pairs[0]).toEqual({
      conversations: [{ from: 'human', value: '写一句问候' }],
      chosen: { from: 'gpt', value: '你好！' },
      rejected: { from: 'gpt', value: '走开。' },
    });
    expect(readDatasetInfo(llamaFactory.directory).kaiyuan_train).toMatchObject({
      formatting: 'sharegpt',
      ranking: true,
      columns: { chosen: 'chosen', rejected: 'rejected' },
    });
    expect(llamaFactory.rejections).toEqual({ [tieReason]: 1 });
    // LLaMA-Factory's loader reads it: no `system` column is listed since no pair has one.
    expect(readDatasetInfo(llamaFactory.directory).kaiyuan_train.columns.system).toBeUndefined();
    expect(loadLlamaFactory(llamaFactory.directory, 'kaiyuan_train')).toMatchObject({ dropped: 0 });
    const trl = await exportAndWait(fixture, admin(), created.id, { format: 'trl-preference' });
    expect(trl.rejections).toEqual({ [tieReason]: 1 });
    expect(loadTrlPreference(path.join(trl.directory, 'train.jsonl')).rows[0]).toEqual({
      prompt: [{ role: 'user', content: '写一句问候' }],
      chosen: [{ role: 'assistant', content: '你好！' }],
      rejected: [{ role: 'assistant', content: '走开。' }],
    });
  });

  it('writes NER as JSONL with code point offsets and as CoNLL with per-character CJK tokens', async () => {
    const text = '😀 库克在北京发布了 iPhone';
    const created = await project('ner', [{ id: 'n1', text }], { kind: 'spans', labels: ['PER', 'LOC', 'PRODUCT'] });
    // The console sends UTF-16 offsets (after the emoji they differ from code points by one).
    await labelAll(
      created.id,
      () => ({
        spans: [
          { start: text.indexOf('库克'), end: text.indexOf('库克') + 2, label: 'PER' },
          { start: text.indexOf('北京'), end: text.indexOf('北京') + 2, label: 'LOC' },
          { start: text.indexOf('iPhone'), end: text.indexOf('iPhone') + 6, label: 'PRODUCT' },
        ],
      }),
      'utf16',
    );
    const jsonl = await exportAndWait(fixture, admin(), created.id, { format: 'ner-jsonl' });
    const [line] = readJsonl(jsonl.directory);
    expect(line!.offsets).toBe('code_point');
    for (const entity of line!.entities) expect([...text].slice(entity.start, entity.end).join('')).toBe(entity.text);
    expect(line!.entities.map((entity: any) => [entity.start, entity.text])).toEqual([
      [2, '库克'],
      [5, '北京'],
      [11, 'iPhone'],
    ]);
    const conll = await exportAndWait(fixture, admin(), created.id, { format: 'conll' });
    const rows = readFileSync(path.join(conll.directory, 'train.conll'), 'utf8').trim().split('\n');
    expect(rows).toEqual([
      '😀 O',
      '库 B-PER',
      '克 I-PER',
      '在 O',
      '北 B-LOC',
      '京 I-LOC',
      '发 O',
      '布 O',
      '了 O',
      'iPhone B-PRODUCT',
    ]);
  });
});
