import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import iconv from 'iconv-lite';
import { beforeAll, describe, expect, it } from 'vitest';

const execute = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
let directory: string;

async function kaiyuan(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const environment = {
    ...process.env,
    KAIYUAN_DATA_DIR: path.join(directory, 'data'),
    KAIYUAN_CONFIG: '',
    DATABASE_URL: '',
    REDIS_URL: '',
    KAIYUAN_ORG: '',
  };
  for (const key of ['KAIYUAN_CONFIG', 'DATABASE_URL', 'REDIS_URL', 'KAIYUAN_ORG'] as const) delete environment[key];
  try {
    const { stdout, stderr } = await execute(process.execPath, [path.join(root, 'bin/kaiyuan.js'), ...args], {
      cwd: directory,
      env: environment,
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('kaiyuan data (CLI)', () => {
  beforeAll(() => {
    directory = mkdtempSync(path.join(tmpdir(), 'kaiyuan-cli-data-'));
  });

  it('imports, runs a recipe, shows lineage and exports', async () => {
    expect((await kaiyuan('orgs', 'create', 'acme')).code).toBe(0);
    const rows = [
      { q: '怎么退货？联系 13812345678', a: '七天内可以退货。' },
      { q: 'How do I reset my password?', a: 'Use the link on the sign-in page.' },
      { q: '怎么退货？联系 13812345678', a: '七天内可以退货。' },
    ];
    writeFileSync(path.join(directory, 'faq.jsonl'), rows.map((row) => JSON.stringify(row)).join('\n'));
    const imported = await kaiyuan(
      'data',
      'import',
      'faq.jsonl',
      '--dataset',
      'faq',
      '--org',
      'acme',
      '--prompt-field',
      'q',
      '--response-field',
      'a',
    );
    expect(imported.stdout, imported.stderr).toContain('Imported 3 records into faq version 1.');
    writeFileSync(
      path.join(directory, 'clean.yaml'),
      'operators:\n  - normalize\n  - pii_redact: { mode: mask }\n  - exact_dedup\n',
    );
    const ran = await kaiyuan('data', 'run', '--dataset', 'faq', '--recipe', 'clean.yaml');
    expect(ran.stdout, ran.stderr).toContain('Version 2 (from 1): 2 records.');
    expect(ran.stdout).toMatch(/pii_redact\s+3\s+3\s+0\s+2/);
    const shown = await kaiyuan('data', 'show', '--dataset', 'faq', '--version', '2', '--samples');
    expect(shown.stdout).toContain('[exact_dedup] dropped faq-3: exact duplicate of record faq-1');
    expect(shown.stdout).toContain('138****5678');
    const exported = await kaiyuan(
      'data',
      'export',
      '--dataset',
      'faq',
      '--format',
      'openai',
      '--out',
      'out',
      '--validation-ratio',
      '0',
    );
    expect(exported.stdout, exported.stderr).toContain('train: 2  validation: 0  rejected: 0');
    const first = JSON.parse(readFileSync(path.join(directory, 'out', 'train.jsonl'), 'utf8').split('\n')[0]!);
    expect(first.messages[0].content).toBe('怎么退货？联系 138****5678');
    expect(readdirSync(path.join(directory, 'out')).sort()).toEqual(['rejected.jsonl', 'train.jsonl']);
    const sharegpt = await kaiyuan(
      'data',
      'export',
      '--dataset',
      'faq',
      '--format',
      'sharegpt',
      '--out',
      'sharegpt',
      '--version',
      '1',
    );
    expect(sharegpt.stdout, sharegpt.stderr).toMatch(/train: \d+  validation: \d+  rejected: 0/);
    expect(readdirSync(path.join(directory, 'sharegpt')).sort()).toEqual([
      'dataset_info.json',
      'rejected.jsonl',
      'train.jsonl',
      'validation.jsonl',
    ]);
  }, 180_000);

  it('reports the detected encoding and every dropped or changed line of an import', async () => {
    writeFileSync(
      path.join(directory, 'gbk.jsonl'),
      iconv.encode('{"text":"第一行中文内容，用 GBK 保存。"}\n{"text":""}\n{"text":42}\n', 'gbk'),
    );
    const imported = await kaiyuan('data', 'import', 'gbk.jsonl', '--dataset', 'gbk', '--org', 'acme');
    expect(imported.stdout, imported.stderr).toContain('Imported 1 records into gbk version 1.');
    expect(imported.stdout).toContain('Decoded as gb18030 (detected).');
    expect(imported.stdout).toContain("  line 2: dropped (empty_text: field 'text' is empty)");
    expect(imported.stdout).toContain("  line 3: dropped (text_not_string: field 'text' is a number, not text)");
  }, 60_000);

  it('reports problems in one readable line', async () => {
    writeFileSync(path.join(directory, 'bad.yaml'), 'operators:\n  - near_dedupe\n');
    const bad = await kaiyuan('data', 'run', '--dataset', 'faq', '--recipe', 'bad.yaml');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("unknown operator 'near_dedupe'. Did you mean 'near_dedup'?");
    expect(bad.stderr).not.toContain('    at ');
    writeFileSync(path.join(directory, 'empty.jsonl'), '');
    const empty = await kaiyuan('data', 'import', 'empty.jsonl', '--dataset', 'faq');
    expect(empty.code).toBe(1);
    expect(empty.stderr.trim()).toMatch(
      /(^|\n)kaiyuan: The job failed: The file has no records \(it is empty\); nothing was imported\.$/,
    );
    const unknown = await kaiyuan('data', 'import', 'empty.jsonl', '--dataset', 'faq', '--encoding', 'klingon-8');
    expect(unknown.stderr.trim()).toMatch(
      /^kaiyuan: Unknown encoding 'klingon-8'; use a name such as utf-8, gb18030.*\(encoding\)$/,
    );
    const missing = await kaiyuan('data', 'import', 'nope.jsonl', '--dataset', 'faq');
    expect(missing.stderr.trim()).toMatch(/^kaiyuan: File .*nope\.jsonl does not exist\. \(file\)$/);
  }, 180_000);
});
