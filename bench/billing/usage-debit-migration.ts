/**
 * `node --import tsx bench/billing/usage-debit-migration.ts [REQUESTS]`: how long migration 0005
 * (usage debits move onto their usage records, decision 045) takes on a SQLite store that holds
 * REQUESTS metered requests (default 1,000,000), each with its usage record and its ledger debit as
 * the writers before it made them, and what it does to the file's size. The server runs migrations
 * at start-up, so this is the upgrade's pause. Prints one table.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Migrator } from 'kysely';
import { openStore } from '../../src/store/database.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { migrations } from '../../src/store/migrations/index.ts';
import { newRequestId, newTimeOrderedId } from '../../src/util/ids.ts';
import { printTable } from '../support/table.ts';

const requests = Number(process.argv[2] ?? 1_000_000);
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'kaiyuan-debit-migration-'));
const file = path.join(dataDir, 'kaiyuan.db');
const store = openStore({ dataDir });
const migrator = new Migrator({
  db: store.db,
  provider: { getMigrations: async () => migrations },
  allowUnorderedMigrations: true,
});
const before = await migrator.migrateTo('0004-sqlite-clustered-billing');
if (before.error) throw before.error;
const sqlite = store.sqlite!;
const insertUsage = sqlite.prepare(
  `insert into usage_records (request_id, org_id, key_id, user_id, endpoint, model, deployment_id, provider,
     prompt_tokens, cached_tokens, completion_tokens, reasoning_tokens, cost, charged, funding, latency_ms, ttft_ms,
     status, estimated, error_code, created_at)
   values (?, ?, 'key_1', null, 'chat', 'bench-model', 'd', 'p', 12, 0, 30, 0, 300, 300, 'balance', 5, 5, 'completed', 0, null, ?)`,
);
const insertDebit = sqlite.prepare(
  `insert into ledger_entries (id, org_id, kind, amount, balance_after, idempotency_key, description, created_at)
   values (?, ?, 'usage_debit', -300, ?, ?, ?, ?)`,
);
const fill = sqlite.transaction((from: number, to: number, start: number) => {
  for (let index = from; index < to; index++) {
    const id = newRequestId();
    const orgId = `org_${index % 50}`;
    insertUsage.run(id, orgId, start + index);
    insertDebit.run(
      newTimeOrderedId('le'),
      orgId,
      1e12 - index * 300,
      `usage:${id}`,
      `bench-model 12+30 tokens (${id})`,
      start + index,
    );
  }
});
const start = Date.now() - requests;
for (let index = 0; index < requests; index += 10_000) fill(index, Math.min(index + 10_000, requests), start);
sqlite.pragma('wal_checkpoint(TRUNCATE)');
const sizeBefore = statSync(file).size;
const began = process.hrtime.bigint();
await migrateToLatest(store);
const seconds = Number(process.hrtime.bigint() - began) / 1e9;
sqlite.pragma('wal_checkpoint(TRUNCATE)');
const left = sqlite.prepare('select count(*) as count from ledger_entries').get() as { count: number };
const viewed = sqlite.prepare("select count(*) as count from ledger where kind = 'usage_debit'").get() as {
  count: number;
};
printTable(
  'Migration 0005 on SQLite',
  [
    'requests',
    'migration (s)',
    'per million (s)',
    'file before (MB)',
    'file after (MB)',
    'rows left in ledger_entries',
    'debits in the view',
  ],
  [
    [
      requests.toLocaleString('en'),
      seconds.toFixed(1),
      ((seconds * 1e6) / requests).toFixed(1),
      (sizeBefore / 1e6).toFixed(0),
      (statSync(file).size / 1e6).toFixed(0),
      left.count.toLocaleString('en'),
      viewed.count.toLocaleString('en'),
    ],
  ],
);
await store.close();
rmSync(dataDir, { recursive: true, force: true });
