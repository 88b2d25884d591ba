import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerBillingCommands } from '../src/cli/commands/billing-commands.ts';
import { registerKeyCommands } from '../src/cli/commands/key-commands.ts';
import { registerSignupAndPackageCommands } from '../src/cli/commands/signup-package-commands.ts';
import { runCli } from '../src/cli/run-cli.ts';

const repositoryRoot = fileURLToPath(new URL('../', import.meta.url));
const dataDir = mkdtempSync(path.join(tmpdir(), 'kaiyuan-cli-packages-'));
const saved = { ...process.env };

beforeAll(() => {
  Object.assign(process.env, { KAIYUAN_DATA_DIR: dataDir, KAIYUAN_CONFIG: '', DATABASE_URL: '', REDIS_URL: '' });
});
afterAll(() => {
  process.env = saved;
});

/** Runs the commands in this process (the same code `bin/kaiyuan.js` runs), capturing what they print. */
async function kaiyuan(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  const program = new Command().name('kaiyuan').exitOverride();
  registerKeyCommands(program);
  registerBillingCommands(program);
  registerSignupAndPackageCommands(program);
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  process.exitCode = 0;
  try {
    await runCli(program, ['node', 'kaiyuan', ...args]);
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { stdout, stderr, code };
}

describe('kaiyuan signup and packages', () => {
  it('sets the sign-up policy, defines packages, takes one off sale and grants it once per key', async () => {
    expect((await kaiyuan('signup', 'policy')).stdout).toBe('sign-up policy: closed\n');
    expect((await kaiyuan('signup', 'policy', 'invite')).stdout).toBe('sign-up policy: invite\n');
    expect((await kaiyuan('signup', 'policy')).stdout).toBe('sign-up policy: invite\n');
    const wrong = await kaiyuan('signup', 'policy', 'everyone');
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('The policy is one of open, invite, closed');
    expect(JSON.parse((await kaiyuan('signup', 'pending', '--json')).stdout)).toEqual([]);

    const created = await kaiyuan(
      ...['packages', 'create', 'Monthly 1M', '--price', '29.90', '--days', '30', '--tokens', '1000000', '--json'],
    );
    expect(created.code, created.stderr).toBe(0);
    const pack = JSON.parse(created.stdout) as { id: string; price: number; enabled: boolean };
    expect(pack).toMatchObject({ price: 29_900_000_000, enabled: true });
    const empty = await kaiyuan('packages', 'create', 'Nothing', '--price', '1', '--days', '1');
    expect(empty.stderr.trim()).toBe('kaiyuan: A package includes tokens, credit or a plan. (tokens)');

    expect((await kaiyuan('packages', 'disable', pack.id)).stdout).toContain('off sale');
    const listed = await kaiyuan('packages', 'list');
    expect(listed.stdout).toMatch(/Monthly 1M\s+29\.90\s+1000000/);
    expect(listed.stdout).toMatch(/false\n$/);

    // Off sale: a grant is refused until it is back on sale; then one grant per key.
    expect((await kaiyuan('keys', 'create', '--org', 'granted-co', '--plan', 'pro')).code).toBe(0);
    const offSale = await kaiyuan('packages', 'grant', pack.id, '--org', 'granted-co');
    expect(offSale.stderr).toContain('is not on sale');
    await kaiyuan('packages', 'enable', pack.id);
    const grant = () => kaiyuan('packages', 'grant', pack.id, '--org', 'granted-co', '--idempotency-key', 'gift');
    expect((await grant()).stdout).toMatch(/^granted 'Monthly 1M' to \S+: subscription sub_/);
    expect((await grant()).stdout).toMatch(/^already granted with this key/);
    const held = JSON.parse((await kaiyuan('packages', 'subscriptions', '--org', 'granted-co', '--json')).stdout);
    expect(held).toHaveLength(1);
    expect(held[0]).toMatchObject({ packageId: pack.id, state: 'active', tokensLeft: 1_000_000 });
    // Granted, not bought: the balance was not charged.
    expect((await kaiyuan('balance', '--org', 'granted-co')).stdout).toContain('0.00');
  });

  it('is wired into the kaiyuan command', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['bin/kaiyuan.js', 'packages', 'list'], {
      cwd: repositoryRoot,
      env: { ...saved, KAIYUAN_DATA_DIR: dataDir, KAIYUAN_CONFIG: '', DATABASE_URL: '', REDIS_URL: '' },
    });
    expect(stdout).toMatch(/^id\s+name\s+price/);
    expect(stdout).toContain('Monthly 1M');
  }, 120_000);
});
