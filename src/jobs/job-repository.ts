import type { Selectable } from 'kysely';
import type { Store } from '../store/database.ts';
import { parseJsonColumn } from '../store/json-columns.ts';
import type { JobsTable } from '../store/schema/data-tables.ts';
import { newId } from '../util/ids.ts';
import type { JobProgress, JobRecord, JobStatus, ListJobsOptions } from './job-types.ts';

/** Job state in the store, so every replica (and the CLI) sees the same jobs. */
export class JobRepository {
  constructor(private readonly store: Store) {}

  async create(type: string, orgId: string, payload: unknown, payloadVersion: number): Promise<JobRecord> {
    const now = Date.now();
    const row: JobsTable = {
      id: newId('job'),
      org_id: orgId,
      type,
      status: 'queued',
      payload: JSON.stringify(payload ?? null),
      payload_version: payloadVersion,
      percent: 0,
      items_done: 0,
      items_total: null,
      items_per_second: 0,
      eta_ms: null,
      stage: null,
      result: null,
      error: null,
      cancel_requested: 0,
      created_at: now,
      started_at: null,
      finished_at: null,
      updated_at: now,
    };
    await this.store.db.insertInto('jobs').values(row).execute();
    return toJobRecord(row);
  }

  async get(jobId: string, orgId?: string): Promise<JobRecord | null> {
    let query = this.store.db.selectFrom('jobs').selectAll().where('id', '=', jobId);
    if (orgId !== undefined) query = query.where('org_id', '=', orgId);
    const row = await query.executeTakeFirst();
    return row ? toJobRecord(row) : null;
  }

  async list(orgId: string, options: ListJobsOptions = {}): Promise<JobRecord[]> {
    let query = this.store.db.selectFrom('jobs').selectAll().where('org_id', '=', orgId);
    if (options.type) query = query.where('type', '=', options.type);
    if (options.status) query = query.where('status', '=', options.status);
    const rows = await query
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(Math.min(options.limit ?? 50, 500))
      .execute();
    return rows.map(toJobRecord);
  }

  /** Jobs still queued, oldest first (an in-process runner takes them over after a restart). */
  async queuedJobIds(limit = 1000): Promise<string[]> {
    const rows = await this.store.db
      .selectFrom('jobs')
      .select('id')
      .where('status', '=', 'queued')
      .orderBy('created_at')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((row) => row.id);
  }

  /** queued → running; false when the job is no longer queued (e.g. cancelled meanwhile). */
  async markRunning(jobId: string): Promise<boolean> {
    const now = Date.now();
    const result = await this.store.db
      .updateTable('jobs')
      .set({ status: 'running', started_at: now, updated_at: now })
      .where('id', '=', jobId)
      .where('status', '=', 'queued')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Writes progress; returns true when cancellation was requested. */
  async saveProgress(jobId: string, progress: JobProgress): Promise<boolean> {
    await this.store.db
      .updateTable('jobs')
      .set({
        percent: progress.percent,
        items_done: progress.itemsDone,
        items_total: progress.itemsTotal,
        items_per_second: progress.itemsPerSecond,
        eta_ms: progress.etaMs,
        stage: progress.stage,
        updated_at: Date.now(),
      })
      .where('id', '=', jobId)
      .execute();
    return this.isCancelRequested(jobId);
  }

  async isCancelRequested(jobId: string): Promise<boolean> {
    const row = await this.store.db
      .selectFrom('jobs')
      .select(['cancel_requested', 'status'])
      .where('id', '=', jobId)
      .executeTakeFirst();
    return !row || row.cancel_requested === 1 || row.status === 'cancelled';
  }

  async finish(
    jobId: string,
    status: Exclude<JobStatus, 'queued' | 'running'>,
    details: { result?: unknown; error?: string },
  ): Promise<void> {
    const now = Date.now();
    await this.store.db
      .updateTable('jobs')
      .set({
        status,
        result: details.result === undefined ? null : JSON.stringify(details.result),
        error: details.error ?? null,
        percent: status === 'succeeded' ? 100 : undefined,
        eta_ms: status === 'succeeded' ? 0 : null,
        finished_at: now,
        updated_at: now,
      })
      .where('id', '=', jobId)
      .where('status', 'in', ['queued', 'running'])
      .execute();
  }

  /** Queued jobs become cancelled at once; running ones get the flag their handler checks. */
  async requestCancel(jobId: string, orgId?: string): Promise<JobRecord | null> {
    const now = Date.now();
    let queued = this.store.db
      .updateTable('jobs')
      .set({ status: 'cancelled', cancel_requested: 1, finished_at: now, updated_at: now })
      .where('id', '=', jobId)
      .where('status', '=', 'queued');
    if (orgId !== undefined) queued = queued.where('org_id', '=', orgId);
    await queued.execute();
    let running = this.store.db
      .updateTable('jobs')
      .set({ cancel_requested: 1, updated_at: now })
      .where('id', '=', jobId)
      .where('status', '=', 'running');
    if (orgId !== undefined) running = running.where('org_id', '=', orgId);
    await running.execute();
    return this.get(jobId, orgId);
  }
}

export function toJobRecord(row: Selectable<JobsTable>): JobRecord {
  return {
    id: row.id,
    orgId: row.org_id,
    type: row.type,
    status: row.status as JobStatus,
    payload: parseJsonColumn<unknown>(row.payload, null),
    payloadVersion: Number(row.payload_version),
    progress: {
      percent: Number(row.percent),
      itemsDone: Number(row.items_done),
      itemsTotal: row.items_total === null ? null : Number(row.items_total),
      itemsPerSecond: Number(row.items_per_second),
      etaMs: row.eta_ms === null ? null : Number(row.eta_ms),
      stage: row.stage,
    },
    result: parseJsonColumn<unknown>(row.result, null),
    error: row.error,
    cancelRequested: row.cancel_requested === 1,
    createdAt: Number(row.created_at),
    startedAt: row.started_at === null ? null : Number(row.started_at),
    finishedAt: row.finished_at === null ? null : Number(row.finished_at),
    updatedAt: Number(row.updated_at),
  };
}
