import type { Store } from '../store/database.ts';

export interface PruneSettings {
  /** Days log rows are kept. */
  retentionDays: number;
  /** Days bodies are kept. */
  bodyRetentionDays: number;
  /** Rows deleted per statement. */
  batchSize?: number;
  /** Pause between batches, so that writers get the store in between (ms). */
  pauseMs?: number;
  now?: number;
}

export interface PruneResult {
  rows: number;
  bodies: number;
}

/**
 * Deletes request log rows and bodies past their retention, oldest first, a small batch per
 * statement (select the ids, delete those): no long transaction, no table lock, and it works the
 * same on SQLite and PostgreSQL (which has no DELETE … LIMIT). Usage records, which the ledger and
 * statements need, are a different table and never touched.
 */
export async function pruneRequestLog(store: Store, settings: PruneSettings): Promise<PruneResult> {
  const now = settings.now ?? Date.now();
  const batchSize = settings.batchSize ?? 500;
  const pauseMs = settings.pauseMs ?? 5;
  const rowCutoff = now - settings.retentionDays * 86_400_000;
  const bodyCutoff = now - Math.min(settings.bodyRetentionDays, settings.retentionDays) * 86_400_000;
  let bodies = 0;
  for (;;) {
    const ids = await store.db
      .selectFrom('request_bodies')
      .select('log_id')
      .where('created_at', '<', bodyCutoff)
      .orderBy('created_at')
      .limit(batchSize)
      .execute();
    if (ids.length === 0) break;
    const deleted = await store.db
      .deleteFrom('request_bodies')
      .where(
        'log_id',
        'in',
        ids.map((row) => row.log_id),
      )
      .executeTakeFirst();
    bodies += Number(deleted.numDeletedRows);
    if (ids.length < batchSize) break;
    await pause(pauseMs);
  }
  let rows = 0;
  for (;;) {
    const ids = await store.db
      .selectFrom('request_log')
      .select('id')
      .where('created_at', '<', rowCutoff)
      .orderBy('created_at')
      .limit(batchSize)
      .execute();
    if (ids.length === 0) break;
    const deleted = await store.db
      .deleteFrom('request_log')
      .where(
        'id',
        'in',
        ids.map((row) => row.id),
      )
      .executeTakeFirst();
    rows += Number(deleted.numDeletedRows);
    if (ids.length < batchSize) break;
    await pause(pauseMs);
  }
  return { rows, bodies };
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
