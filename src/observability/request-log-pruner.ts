import { requestIdPrefix } from '../inference/gateway-hooks.ts';
import type { Store } from '../store/database.ts';
import { SettingsRepository } from '../store/settings-repository.ts';
import { requestIdKind, timeOrderedIdFloor } from '../util/ids.ts';

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
  const batches = (step: () => Promise<Batch>) => inBatches(batchSize, pauseMs, step);
  const bodies = await batches(async () => {
    const ids = await store.db
      .selectFrom('request_bodies')
      .select('log_id')
      .where('created_at', '<', bodyCutoff)
      .orderBy('created_at')
      .limit(batchSize)
      .execute();
    if (ids.length === 0) return { found: 0, done: 0 };
    const deleted = await store.db
      .deleteFrom('request_bodies')
      .where(
        'log_id',
        'in',
        ids.map((row) => row.log_id),
      )
      .executeTakeFirst();
    return { found: ids.length, done: Number(deleted.numDeletedRows) };
  });
  const rows = await batches(async () => {
    const ids = await store.db
      .selectFrom('request_log')
      .select('id')
      .where('created_at', '<', rowCutoff)
      .orderBy('created_at')
      .limit(batchSize)
      .execute();
    if (ids.length === 0) return { found: 0, done: 0 };
    const deleted = await store.db
      .deleteFrom('request_log')
      .where(
        'id',
        'in',
        ids.map((row) => row.id),
      )
      .executeTakeFirst();
    return { found: ids.length, done: Number(deleted.numDeletedRows) };
  });
  const carried = await clearCarriedEntries(store, rowCutoff, batchSize, batches);
  return { rows, bodies, carried };
}

/** One batch of a prune: the ids it found (a full batch means more may wait) and what it removed. */
interface Batch {
  found: number;
  done: number;
}

/** Runs `step` until a batch comes back short, pausing between batches; the total it removed. */
async function inBatches(batchSize: number, pauseMs: number, step: () => Promise<Batch>): Promise<number> {
  let done = 0;
  for (;;) {
    const batch = await step();
    done += batch.done;
    if (batch.found < batchSize) return done;
    await pause(pauseMs);
  }
}

/**
 * The setting that holds the last request id the clearing of carried entries examined: kept in the store,
 * so that a run after a restart (or on another replica) reads on from there instead of walking the
 * usage records' whole history again.
 */
export const clearedThroughSetting = 'request-log.carried-cleared-through';

/**
 * Clears the log fields of usage records whose requests started before `cutoff`, oldest first,
 * along their time-ordered key (no index to add to the records' hot path): each batch examines the
 * next `batchSize` records after where the last one stopped and clears those that carry an entry, so
 * a statement never reads more than a batch, even over a long history without entries (records
 * from before decision 047); each run reads on from where the last one stopped.
 */
async function clearCarriedEntries(
  store: Store,
  cutoff: number,
  batchSize: number,
  batches: (step: () => Promise<Batch>) => Promise<number>,
): Promise<number> {
  const end = timeOrderedIdFloor(requestIdKind, cutoff);
  const settings = new SettingsRepository(store);
  let after = (await settings.get(clearedThroughSetting)) ?? requestIdPrefix;
  return batches(async () => {
    const examined = await store.db
      .selectFrom('usage_records')
      .select(['request_id', 'log_http_status'])
      .where('request_id', '>', after)
      .where('request_id', '<', end)
      .orderBy('request_id')
      .limit(batchSize)
      .execute();
    if (examined.length === 0) return { found: 0, done: 0 };
    const carrying = examined.filter((row) => row.log_http_status !== null).map((row) => row.request_id);
    let done = 0;
    if (carrying.length > 0) {
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
        .where('request_id', 'in', carrying)
        .executeTakeFirst();
      done = Number(updated.numUpdatedRows);
    }
    after = examined.at(-1)!.request_id;
    await settings.set(clearedThroughSetting, after);
    return { found: examined.length, done };
  });
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
