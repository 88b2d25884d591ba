import { requestIdPrefix } from '../inference/gateway-hooks.ts';
import type { Store } from '../store/database.ts';
import { timeOrderedIdFloor } from '../util/ids.ts';

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
  /** Entries carried by usage records (decision 047) whose log fields were cleared. */
  carried: number;
}

/**
 * Deletes request log rows and bodies past their retention, oldest first, a small batch per
 * statement (select the ids, delete those): no long transaction, no table lock, and it works the
 * same on SQLite and PostgreSQL (which has no DELETE … LIMIT). An entry a usage record carries
 * (decision 047) is pruned by clearing the record's log fields: the record itself, which the ledger
 * and statements need, stays.
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
  const carried = await clearCarriedEntries(store, rowCutoff, batchSize, pauseMs);
  return { rows, bodies, carried };
}

/** Where the last run of each store stopped clearing carried entries: the next one starts there. */
const clearedThrough = new WeakMap<Store, string>();

/**
 * Clears the log fields of usage records whose requests started before `cutoff`, oldest first,
 * along their time-ordered key (no index to add to the records' hot path): each run reads on from
 * where the last one stopped.
 */
async function clearCarriedEntries(store: Store, cutoff: number, batchSize: number, pauseMs: number): Promise<number> {
  const end = timeOrderedIdFloor(requestIdPrefix, cutoff);
  let from = clearedThrough.get(store) ?? requestIdPrefix;
  let cleared = 0;
  for (;;) {
    const ids = await store.db
      .selectFrom('usage_records')
      .select('request_id')
      .where('request_id', '>=', from)
      .where('request_id', '<', end)
      .where('log_http_status', 'is not', null)
      .orderBy('request_id')
      .limit(batchSize)
      .execute();
    if (ids.length === 0) break;
    const updated = await store.db
      .updateTable('usage_records')
      .set({
        log_http_status: null,
        log_attempts: null,
        log_deployments_tried: null,
        log_error_detail: null,
        log_client_request_id: null,
        log_client_ip: null,
      })
      .where(
        'request_id',
        'in',
        ids.map((row) => row.request_id),
      )
      .executeTakeFirst();
    cleared += Number(updated.numUpdatedRows);
    from = ids.at(-1)!.request_id;
    if (ids.length < batchSize) break;
    await pause(pauseMs);
  }
  clearedThrough.set(store, from);
  return cleared;
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
