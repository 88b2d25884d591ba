/**
 * `kaiyuan backup` and `kaiyuan restore` round trip on SQLite (and PostgreSQL when the machine has
 * it): the restored ledger equals the ledger at the time of the backup, entries made after it are
 * gone (the documented data-loss window), and the backup works while the store is in use.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { adminPrincipal } from '../src/accounts/authenticator.ts';
import { createCommerce } from '../src/billing/create-commerce.ts';
import { configSchema } from '../src/config/config-schema.ts';
import { openStore } from '../src/store/database.ts';
import { ledgerSummary } from '../src/store/backup.ts';
import { migrateToLatest } from '../src/store/migrate.ts';
import { pino } from 'pino';
import { testPasswordHasher } from './support/test-password-hasher.ts';
import { createTestDatabaseUrl, dropTestDatabase, storeKinds } from './support/test-store.ts';

const run = promisify(execFile);

async function ledgerOf(environment: Record<string, string>, dataDir: string, databaseUrl?: string) {
  const store = openStore({ url: databaseUrl, dataDir });
  await migrateToLatest(store);
  try {
    const entries = await store.db
      .selectFrom('ledger')
      .select(['id', 'org_id', 'amount', 'balance_after'])
      .orderBy('id')
      .execute();
    return { entries, summary: await ledgerSummary(store) };
  } finally {
    void environment;
    await store.close();
  }
}

async function topUp(dataDir: string, databaseUrl: string | undefined, orgName: string, amounts: number[]) {
  const store = openStore({ url: databaseUrl, dataDir });
  await migrateToLatest(store);
  const commerce = await createCommerce({
    store,
    config: configSchema.parse({}),
    logger: pino({ level: 'silent' }),
    redisUrl: null,
    adminToken: 'backup-test-admin-token-0123456789',
    passwordHasher: testPasswordHasher,
  });
  const organization =
    (await commerce.accounts.listOrganizations(adminPrincipal)).find((candidate) => candidate.name === orgName) ??
    (await commerce.accounts.createOrganization(adminPrincipal, { name: orgName, planId: 'pro' }));
  for (const amount of amounts)
    await commerce.billing.post(adminPrincipal, {
      orgId: organization.id,
      kind: 'top_up',
      amount,
      description: 'test',
    });
  await commerce.close();
  await store.close();
}

describe.each(storeKinds)('backup and restore on %s', (kind) => {
  it('restores the ledger as it was at the backup', async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'kaiyuan-backup-'));
    const dataDir = path.join(work, 'data');
    const databaseUrl = kind === 'postgres' ? await createTestDatabaseUrl() : undefined;
    writeFileSync(path.join(work, 'kaiyuan.yaml'), 'discovery:\n  enabled: false\n');
    const environment: Record<string, string> = {
      ...(process.env as Record<string, string>),
      KAIYUAN_DATA_DIR: dataDir,
      KAIYUAN_CONFIG: path.join(work, 'kaiyuan.yaml'),
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    };
    const cli = (args: string[]) =>
      run(process.execPath, [path.resolve('bin/kaiyuan.js'), ...args], { env: environment, cwd: work });
    try {
      await topUp(dataDir, databaseUrl, 'acme', [5e9, 7e9, 11e9]);
      const atBackup = await ledgerOf(environment, dataDir, databaseUrl);
      const file = path.join(work, kind === 'postgres' ? 'backup.dump' : 'backup.db');
      const backup = await cli(['backup', file, '--json']);
      const written = JSON.parse(backup.stdout) as { summary: { ledgerEntries: number; ledgerTotal: number } };
      expect(written.summary).toMatchObject({ ledgerEntries: 3, ledgerTotal: 23e9 });
      // Money moves after the backup: this is what a restore loses and what must be reconciled.
      await topUp(dataDir, databaseUrl, 'acme', [13e9]);
      expect((await ledgerOf(environment, dataDir, databaseUrl)).summary.ledgerEntries).toBe(4);
      await expect(cli(['restore', file])).rejects.toMatchObject({ stderr: expect.stringContaining('--yes') });
      const restored = await cli(['restore', file, '--yes']);
      expect(restored.stdout).toContain('Reconcile payments and usage since the backup');
      const after = await ledgerOf(environment, dataDir, databaseUrl);
      expect(after.entries).toEqual(atBackup.entries);
      expect(after.summary).toEqual(atBackup.summary);
    } finally {
      if (databaseUrl) await dropTestDatabase(databaseUrl);
    }
  }, 240_000);
});
