import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../../config/load-config.ts';
import { backupStore, restoreStore, type LedgerSummary } from '../../store/backup.ts';
import { invalidRequest } from '../../util/errors.ts';
import { openStoreFromConfig } from '../open-store-from-config.ts';

/**
 * `kaiyuan backup FILE` and `kaiyuan restore FILE`: a consistent copy of the store (SQLite online
 * backup API, or pg_dump) with a verify step, and putting one back. docs/operator-guide.md#backups
 * states the data-loss window and what to reconcile after a restore.
 */
export function registerBackupCommands(program: Command): void {
  program
    .command('backup')
    .description('Write a consistent, verified copy of the store to FILE (works while the server runs)')
    .argument('<file>', 'where to write the backup (SQLite file, or a pg_dump custom-format archive)')
    .option('--json', 'print the summary as JSON')
    .action(async (file: string, options: { json?: boolean }) => {
      const opened = await openStoreFromConfig();
      try {
        const summary = await backupStore(opened.store, opened.config.database.url, path.resolve(file));
        print(`Backup written to ${path.resolve(file)} and verified.`, summary, options.json);
      } finally {
        await opened.close();
      }
    });

  program
    .command('restore')
    .description('Replace the store with the backup in FILE (stop the server and workers first)')
    .argument('<file>', 'a file written by kaiyuan backup')
    .option('--yes', 'confirm: the current data is replaced (SQLite: kept beside it as *.before-restore-*)')
    .option('--json', 'print the summary as JSON')
    .action(async (file: string, options: { yes?: boolean; json?: boolean }) => {
      if (!options.yes)
        throw invalidRequest('Restoring replaces the current data: stop the server, then run again with --yes.', 'yes');
      const { config } = loadConfig();
      const url = config.database.url;
      const postgres = url !== undefined && /^postgres(ql)?:\/\//.test(url);
      const sqliteFile = postgres
        ? null
        : path.resolve(url ? url.replace(/^sqlite:(\/\/)?/, '') : path.join(config.dataDir, 'kaiyuan.db'));
      const { summary, keptAs } = await restoreStore({ sqliteFile, databaseUrl: url }, path.resolve(file));
      const kept = keptAs ? ` The previous database is kept as ${keptAs}.` : '';
      print(
        `Restored ${path.resolve(file)}.${kept} Reconcile payments and usage since the backup (docs/operator-guide.md#backups).`,
        summary,
        options.json,
      );
    });
}

function print(message: string, summary: LedgerSummary | null, json?: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify({ message, summary })}\n`);
    return;
  }
  process.stdout.write(`${message}\n`);
  if (summary) {
    const newest = summary.newestLedgerEntryAt ? new Date(summary.newestLedgerEntryAt).toISOString() : 'none';
    process.stdout.write(
      `  organizations ${summary.organizations}, ledger entries ${summary.ledgerEntries} (sum ${summary.ledgerTotal} nano), usage records ${summary.usageRecords}, newest ledger entry ${newest}\n`,
    );
  }
}
