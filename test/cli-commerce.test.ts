import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startServerProcess, type ServerProcess } from './support/server-process.ts';

const run = promisify(execFile);
const repositoryRoot = fileURLToPath(new URL('../', import.meta.url));
let server: ServerProcess | null = null;
afterAll(async () => server?.stop());

async function kaiyuan(dataDir: string, ...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['bin/kaiyuan.js', ...args], {
      cwd: repositoryRoot,
      env: { ...process.env, KAIYUAN_DATA_DIR: dataDir, KAIYUAN_CONFIG: '', DATABASE_URL: '', REDIS_URL: '' },
    });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const failed = error as { stdout: string; stderr: string; code: number };
    return { stdout: failed.stdout, stderr: failed.stderr, code: failed.code };
  }
}

describe('the kaiyuan CLI against a running server', () => {
  it('creates a key the running server accepts, tops up, and reports errors in one line', async () => {
    server = await startServerProcess();
    const created = await kaiyuan(server.dataDir, 'keys', 'create', '--org', 'cli-org', '--plan', 'pro', '--json');
    expect(created.code).toBe(0);
    const result = JSON.parse(created.stdout);
    expect(result).toMatchObject({ org: 'cli-org', plan: 'pro', createdOrganization: true });
    expect(result.key).toMatch(/^sk-ky-[0-9A-Za-z]{48}$/);

    const topUp = await kaiyuan(
      server.dataDir,
      'topups',
      'add',
      '--org',
      'cli-org',
      '--amount',
      '5',
      '--idempotency-key',
      'pay-1',
    );
    expect(topUp.stdout).toContain('credited 5.00 CNY');

    // The server sees the key and the CLI's top-up (at the latest after its 2 s balance refresh).
    const chat = () =>
      fetch(`${server!.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${result.key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'sim-chat', messages: [{ role: 'user', content: 'from the CLI' }] }),
      }).then((response) => response.status);
    await expect.poll(chat, { timeout: 10_000, interval: 200 }).toBe(200);

    const failed = await kaiyuan(server.dataDir, 'balance', '--org', 'missing-org');
    expect(failed.code).toBe(1);
    expect(failed.stderr.trim()).toBe(
      "kaiyuan: No organization named 'missing-org'. Create it with: kaiyuan orgs create missing-org",
    );
  }, 90_000);
});
