import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storeKinds } from '../support/test-store.ts';
import { createWorkbenchFixture, waitForJob, writeJsonl, type WorkbenchFixture } from './workbench-support.ts';

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
    const byOperator = Object.fromEntries(version2.statistics.map((statistics) => [statistics.operator, statistics]));
    expect(byOperator.pii_redact!.modified).toBe(41);
    expect(byOperator.pii_redact!.details.phone).toBe(41);
    expect(byOperator.exact_dedup!.dropped).toBe(1);
    const dropSample = version2.samples.find((sample) => sample.operator === 'exact_dedup' && sample.action === 'dropped');
    expect(dropSample?.reason).toContain('exact duplicate of record c3');
    const page = await workbench.browseRecords(ORG, 'support-chats', 2, 0, 2);
    expect(page.records[0]!.messages![0]!.content).toContain('138****5678');

    const exported = await workbench.exportDataset(ORG, 'support-chats', { format: 'openai', validationRatio: 0.2 });
    expect(exported.rejected).toBe(1);
    expect(exported.train + exported.validation).toBe(40);
    expect(exported.validation).toBeGreaterThan(0);
    const line = JSON.parse(readFileSync(path.join(exported.directory, 'train.jsonl'), 'utf8').split('\n')[0]!);
    expect(line.messages.at(-1).role).toBe('assistant');
  });
});

describe('gzip-compressed versions', () => {
  it('imports, runs a sharded recipe with dedup and exports from .jsonl.gz files', async () => {
    const fixture = await createWorkbenchFixture({ gzip: true, shardSize: 3 });
    try {
      const { workbench, jobs, dataDir } = fixture;
      await workbench.createDataset(ORG, 'zipped');
      const rows = Array.from({ length: 10 }, (_, index) => ({ text: `第${index % 5}条记录：内容相同的句子，用来测试压缩文件。` }));
      const file = writeJsonl(dataDir, 'rows.jsonl', rows);
      expect((await waitForJob(jobs, (await workbench.startImport(ORG, 'zipped', { file })).id)).status).toBe('succeeded');
      const ran = await waitForJob(jobs, (await workbench.startRecipe(ORG, 'zipped', 'operators:\n  - exact_dedup\n  - normalize\n')).id);
      expect(ran.status, ran.error ?? '').toBe('succeeded');
      const version = await workbench.getVersion(ORG, 'zipped');
      expect(version.filePath).toMatch(/v2\.jsonl\.gz$/);
      expect(version.recordCount).toBe(5);
      expect((await workbench.browseRecords(ORG, 'zipped', 2, 4, 10)).records).toHaveLength(1);
      await workbench.deleteDataset(ORG, 'zipped');
      expect(await workbench.listDatasets(ORG)).toHaveLength(0);
    } finally {
      await fixture.close();
    }
  });
});
