import type { Store } from '../store/database.ts';
import type { BatchesTable } from '../store/schema/batch-tables.ts';

export type BatchRow = BatchesTable;

/** Statuses of a batch that still has work (or a last step) ahead. */
export const activeStatuses = ['validating', 'in_progress', 'finalizing', 'cancelling'] as const;

const numericColumns = [
  'total',
  'completed',
  'failed',
  'created_at',
  'expires_at',
  'in_progress_at',
  'finalizing_at',
  'completed_at',
  'failed_at',
  'expired_at',
  'cancelling_at',
  'cancelled_at',
  'lease_until',
  'updated_at',
] as const;

/** The lease owner of a batch whose next slice waits in the job queue: the first slice to start takes it. */
const queuedOwner = 'queued';

/** Batches and their per-line results. A line's result is stored once: its key is (batch, line). */
export class BatchRepository {
  constructor(private readonly store: Store) {}

  async create(row: BatchRow): Promise<void> {
    await this.store.db.insertInto('batches').values(row).execute();
  }

  async get(id: string, orgId?: string): Promise<BatchRow | null> {
    let query = this.store.db.selectFrom('batches').selectAll().where('id', '=', id);
    if (orgId) query = query.where('org_id', '=', orgId);
    const row = await query.executeTakeFirst();
    return row ? normalize(row) : null;
  }

  async list(orgId: string, options: { after?: string; limit: number }): Promise<BatchRow[]> {
    let query = this.store.db
      .selectFrom('batches')
      .selectAll()
      .where('org_id', '=', orgId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(options.limit + 1);
    if (options.after) {
      const cursor = await this.get(options.after, orgId);
      if (cursor)
        query = query.where((eb) =>
          eb.or([
            eb('created_at', '<', cursor.created_at),
            eb.and([eb('created_at', '=', cursor.created_at), eb('id', '<', cursor.id)]),
          ]),
        );
    }
    return (await query.execute()).map(normalize);
  }

  /** Updates the batch when its status is one of `from`; false when it was not (someone else moved it). */
  async transition(id: string, from: readonly string[], changes: Partial<BatchRow>): Promise<boolean> {
    const result = await this.store.db
      .updateTable('batches')
      .set({ ...changes, updated_at: Date.now() })
      .where('id', '=', id)
      .where('status', 'in', from)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /**
   * Takes the batch's lease for `owner` until `until` when nobody holds it (or it expired, or the
   * owner holds it already); false when another process holds it.
   */
  async claimLease(id: string, owner: string, until: number, now: number): Promise<boolean> {
    const result = await this.store.db
      .updateTable('batches')
      .set({ lease_owner: owner, lease_until: until })
      .where('id', '=', id)
      .where((eb) =>
        eb.or([eb('lease_until', '<', now), eb('lease_owner', '=', owner), eb('lease_owner', '=', queuedOwner)]),
      )
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /**
   * Marks an unleased batch as having a slice queued (until `until`), so that no other process
   * queues one more meanwhile; false when the batch is leased (running or queued already).
   */
  async markQueued(id: string, until: number, now: number): Promise<boolean> {
    const result = await this.store.db
      .updateTable('batches')
      .set({ lease_owner: queuedOwner, lease_until: until })
      .where('id', '=', id)
      .where('lease_until', '<', now)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async releaseLease(id: string, owner: string): Promise<void> {
    await this.store.db
      .updateTable('batches')
      .set({ lease_owner: null, lease_until: 0 })
      .where('id', '=', id)
      .where('lease_owner', '=', owner)
      .execute();
  }

  /** Active batches nobody holds a lease on (their runner stopped or crashed): to be resumed. */
  async unleased(now: number, limit = 100): Promise<Array<{ id: string; org_id: string }>> {
    return this.store.db
      .selectFrom('batches')
      .select(['id', 'org_id'])
      .where('status', 'in', activeStatuses)
      .where('lease_until', '<', now)
      .orderBy('created_at')
      .limit(limit)
      .execute();
  }

  /** Line indexes that have a result already. */
  async doneLines(batchId: string): Promise<Set<number>> {
    const rows = await this.store.db
      .selectFrom('batch_results')
      .select('line_index')
      .where('batch_id', '=', batchId)
      .execute();
    return new Set(rows.map((row) => Number(row.line_index)));
  }

  /**
   * Stores a line's result and counts it, in one transaction; a result stored before (a line run
   * again after a crash) is kept and nothing is counted twice. True when this one was stored.
   */
  async recordResult(batchId: string, lineIndex: number, succeeded: boolean, line: string): Promise<boolean> {
    return this.store.db.transaction().execute(async (transaction) => {
      const inserted = await transaction
        .insertInto('batch_results')
        .values({
          batch_id: batchId,
          line_index: lineIndex,
          succeeded: succeeded ? 1 : 0,
          line,
          created_at: Date.now(),
        })
        .onConflict((conflict) => conflict.columns(['batch_id', 'line_index']).doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return false;
      await transaction
        .updateTable('batches')
        .set((eb) => (succeeded ? { completed: eb('completed', '+', 1) } : { failed: eb('failed', '+', 1) }))
        .where('id', '=', batchId)
        .execute();
      return true;
    });
  }

  /** The stored result lines, in input order, split into the output and the error file. */
  async resultLines(batchId: string): Promise<{ output: string[]; errors: string[] }> {
    const rows = await this.store.db
      .selectFrom('batch_results')
      .select(['succeeded', 'line'])
      .where('batch_id', '=', batchId)
      .orderBy('line_index')
      .execute();
    const output: string[] = [];
    const errors: string[] = [];
    for (const row of rows) (Number(row.succeeded) === 1 ? output : errors).push(row.line);
    return { output, errors };
  }
}

function normalize(row: BatchRow): BatchRow {
  const out = { ...row } as Record<string, unknown>;
  for (const column of numericColumns) if (out[column] !== null) out[column] = Number(out[column]);
  return out as unknown as BatchRow;
}
