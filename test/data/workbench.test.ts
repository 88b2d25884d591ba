import { existsSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { validateRecipe } from '../../src/data/recipes/recipe.ts';
import { storeKinds } from '../support/test-store.ts';
import {
  createWorkbenchFixture,
  exportAndWait,
  waitForJob,
  writeJsonl,
  type WorkbenchFixture,
} from './workbench-support.ts';

const ORG = 'org_test';

describe.each(storeKinds)('data workbench (in-process jobs) on %s', (kind) => {
  let fixture: WorkbenchFixture;
  beforeEach(async () => {
    fixture = await createWorkbenchFixture({ kind });
  });
  afterEach(async () => {
    await fixture.close();
  });

  it('imports, runs a recipe with lineage and statistics, and exports with a validation split', async () => {
    const { workbench, jobs, dataDir } = fixture;
    await workbench.createDataset(ORG, 'support-chats');
    const rows = [];
    for (let index = 0; index < 40; index++) {
      rows.push({
        id: `c${index}`,
        messages: [
          { role: 'user', content: `我的订单${index}号什么时候发货？请联系我 13812345678。` },
          { role: 'assistant', content: `您好，订单 ${index} 预计明天发货，第${index}批次，谢谢您的耐心等待。` },
        ],
      });
    }
    rows.push({ id: 'dup', messages: rows[3]!.messages });
    rows.push({ id: 'bad', messages: [{ role: 'user', content: '只有问题没有回答' }] });
    const file = writeJsonl(dataDir, 'chats.jsonl', rows);
    const importJob = await workbench.startImport(ORG, 'support-chats', { file });
    const imported = await waitForJob(jobs, importJob.id);
    expect(imported.status, imported.error ?? '').toBe('succeeded');
    const version1 = await workbench.getVersion(ORG, 'support-chats', 1);
    expect(version1.recordCount).toBe(42);

    const recipe = ['operators:', '  - normalize', '  - pii_redact: { mode: mask }', '  - exact_dedup', ''].join('\n');
    const runJob = await workbench.startRecipe(ORG, 'support-chats', recipe);
    const ran = await waitForJob(jobs, runJob.id);
    expect(ran.status, ran.error ?? '').toBe('succeeded');
    expect(ran.progress.percent).toBe(100);
    const version2 = await workbench.getVersion(ORG, 'support-chats');
    expect(version2.version).toBe(2);
    expect(version2.parentVersion).toBe(1);
    expect(version2.recordCount).toBe(41);
    // The version records every parameter as used, defaults included, and re-running that list repeats it.
    const resolved = version2.source.resolvedOperators as Array<Record<string, Record<string, unknown>>>;
    expect(resolved.map((step) => Object.keys(step)[0])).toEqual(['normalize', 'pii_redact', 'exact_dedup']);
    expect(resolved[0]!.normalize).toMatchObject({ nfkc: true, whitespace: true, punctuation: 'cjk-fullwidth' });
    expect(resolved[1]!.pii_redact).toMatchObject({ mode: 'mask' });
    expect(validateRecipe({ operators: resolved }).steps.map((step) => step.params)).toEqual(
      resolved.map((step) => Object.values(step)[0]),
    );
    const byOperator = Object.fromEntries(version2.statistics.map((statistics) => [statistics.operator, statistics]));
    expect(byOperator.pii_redact!.modified).toBe(41);
    expect(byOperator.pii_redact!.details.phone).toBe(41);
    expect(byOperator.exact_dedup!.dropped).toBe(1);
    const dropSample = version2.samples.find(
      (sample) => sample.operator === 'exact_dedup' && sample.action === 'dropped',
    );
    expect(dropSample?.reason).toContain('exact duplicate of record c3');
    // A "modified" sample always shows a change (metadata-only changes are counted, not sampled).
    for (const sample of version2.samples.filter((candidate) => candidate.action === 'modified'))
      expect(sample.after).not.toBe(sample.before);
    const page = await workbench.browseRecords(ORG, 'support-chats', 2, 0, 2);
    expect(page.records[0]!.messages![0]!.content).toContain('138****5678');

    const exported = await exportAndWait(fixture, ORG, 'support-chats', { format: 'openai', validationRatio: 0.2 });
    expect(exported.result).toMatchObject({ version: 2, format: 'openai', rejected: 1 });
    expect(exported.result.files).toEqual(['train.jsonl', 'validation.jsonl', 'rejected.jsonl']);
    expect(exported.result.train + exported.result.validation).toBe(40);
    expect(exported.result.validation).toBeGreaterThan(0);
    // Two passes (clustering for the split, then writing), each over the 41 records.
    expect(exported.job.progress).toMatchObject({
      percent: 100,
      itemsDone: 82,
      itemsTotal: 82,
      stage: 'writing openai',
    });
    const line = JSON.parse((await exported.read('train.jsonl')).split('\n')[0]!);
    expect(line.messages.at(-1).role).toBe('assistant');
  });
});

describe('gzip-compressed versions', () => {
  it('imports, runs a sharded recipe with dedup and exports from .jsonl.gz files', async () => {
    const fixture = await createWorkbenchFixture({ gzip: true, shardSize: 3 });
    try {
      const { workbench, jobs, dataDir } = fixture;
      await workbench.createDataset(ORG, 'zipped');
      const rows = Array.from({ length: 10 }, (_, index) => ({
        text: `第${index % 5}条记录：内容相同的句子，用来测试压缩文件。`,
      }));
      const file = writeJsonl(dataDir, 'rows.jsonl', rows);
      expect((await waitForJob(jobs, (await workbench.startImport(ORG, 'zipped', { file })).id)).status).toBe(
        'succeeded',
      );
      const ran = await waitForJob(
        jobs,
        (await workbench.startRecipe(ORG, 'zipped', 'operators:\n  - exact_dedup\n  - normalize\n')).id,
      );
      expect(ran.status, ran.error ?? '').toBe('succeeded');
      const version = await workbench.getVersion(ORG, 'zipped');
      expect(version.filePath).toMatch(/v2\.jsonl\.gz$/);
      expect(version.recordCount).toBe(5);
      expect((await workbench.browseRecords(ORG, 'zipped', 2, 4, 10)).records).toHaveLength(1);
      const exported = await exportAndWait(fixture, ORG, 'zipped', { format: 'alpaca' });
      expect(exported.result).toMatchObject({ version: 2, train: 0, rejected: 5 });
      expect((await exported.read('rejected.jsonl')).trim().split('\n')).toHaveLength(5);
      await workbench.deleteDataset(ORG, 'zipped');
      expect(await workbench.listDatasets(ORG)).toHaveLength(0);
      expect(existsSync(workbench.paths.exportsOf(version.datasetId))).toBe(false);
    } finally {
      await fixture.close();
    }
  });
});
