import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const execute = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
let directory: string;

async function kaiyuan(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const environment: Record<string, string | undefined> = {
    ...process.env,
    KAIYUAN_DATA_DIR: path.join(directory, 'data'),
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

/** The JSON a command printed (the first platform start may print the generated admin token before it). */
function json(output: { stdout: string }): any {
  return JSON.parse(output.stdout.slice(output.stdout.search(/^[{[]/m)));
}

describe('kaiyuan labeling (CLI)', () => {
  beforeAll(() => {
    directory = mkdtempSync(path.join(tmpdir(), 'kaiyuan-cli-labeling-'));
  });

  it('creates a project, pre-labels through the gateway, shows progress and agreement, exports', async () => {
    expect((await kaiyuan('orgs', 'create', 'acme')).code).toBe(0);
    writeFileSync(
      path.join(directory, 'reviews.jsonl'),
      '{"id":"a","text":"我喜欢 Kaiyuan 😀"}\n{"id":"b","text":"Terrible service, 很差"}\n',
    );
    expect((await kaiyuan('data', 'import', 'reviews.jsonl', '--dataset', 'reviews', '--org', 'acme')).code).toBe(0);
    const annotators: string[] = [];
    for (const name of ['ann-1', 'ann-2'])
      annotators.push(
        json(await kaiyuan('keys', 'create', '--org', 'acme', '--name', name, '--role', 'annotator', '--json')).id,
      );
    const unknown = await kaiyuan(
      'labeling',
      'create',
      'sentiment',
      '--org',
      'acme',
      '--dataset',
      'reviews',
      '--schema',
      '{"kind":"rating"}',
      '--annotators',
      'usr_nobody',
    );
    expect(unknown.stderr).toContain('Not a user or API key of this organization: usr_nobody');
    const created = await kaiyuan(
      'labeling',
      'create',
      'sentiment',
      '--org',
      'acme',
      '--dataset',
      'reviews',
      '--schema',
      '{"kind":"classification","labels":["positive","negative"]}',
      '--annotators',
      annotators.join(','),
      '--overlap',
      '2',
    );
    expect(json(created), created.stderr).toMatchObject({ name: 'sentiment', taskCount: 2, overlap: 2 });
    const prelabeled = await kaiyuan('labeling', 'prelabel', 'sentiment', '--model', 'sim-chat');
    expect(json(prelabeled), prelabeled.stderr).toMatchObject({ tasks: 2, suggested: 2, failed: 0 });
    const progress = json(await kaiyuan('labeling', 'progress', 'sentiment', '--json'));
    expect(progress).toMatchObject({ tasks: { total: 2, open: 2 }, assignments: { total: 4, pending: 4 } });
    const agreement = json(await kaiyuan('labeling', 'agreement', 'sentiment'));
    expect(agreement).toMatchObject({ object: 'labeling.agreement', items: 0 });
    const exported = await kaiyuan('labeling', 'export', 'sentiment', '--format', 'classification');
    expect(json(exported), exported.stderr).toMatchObject({ train: 0, files: ['train.jsonl', 'labels.json'] });
    const wrong = await kaiyuan('labeling', 'export', 'sentiment', '--format', 'conll');
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('exports as classification');
  }, 300_000);
});
