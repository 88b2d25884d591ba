import type { Selectable } from 'kysely';
import type { DataRecord } from '../data/data-record.ts';
import type { Store } from '../store/database.ts';
import type { LabelingTasksTable } from '../store/schema/labeling-tables.ts';
import { newId } from '../util/ids.ts';
import { parseJsonColumn } from '../store/json-columns.ts';
import type { LabelValue } from './label-schema.ts';
import type { LabelingTask, TaskStatus } from './labeling-types.ts';

const BATCH = 200;

export interface TaskReview {
  status: TaskStatus;
  finalLabel: LabelValue | null;
  edited: boolean;
  reviewComment: string | null;
  reviewedBy: string | null;
}

/** Tasks: one per record of the project's dataset version. */
export class TaskRepository {
  constructor(private readonly store: Store) {}

  /** Inserts tasks for records at positions `firstPosition`…; returns their ids in order. */
  async insertMany(orgId: string, projectId: string, records: DataRecord[], firstPosition: number): Promise<string[]> {
    const now = Date.now();
    const rows = records.map((record, index) => ({
      id: newId('lbt'),
      project_id: projectId,
      org_id: orgId,
      position: firstPosition + index,
      record_id: record.id,
      data: JSON.stringify(record),
      status: 'open',
      final_label: null,
      edited: 0,
      review_comment: null,
      reviewed_by: null,
      reviewed_at: null,
      created_at: now,
      updated_at: now,
    }));
    for (let start = 0; start < rows.length; start += BATCH)
      await this.store.db
        .insertInto('labeling_tasks')
        .values(rows.slice(start, start + BATCH))
        .execute();
    return rows.map((row) => row.id);
  }

  async get(orgId: string, projectId: string, taskId: string): Promise<LabelingTask | null> {
    const row = await this.store.db
      .selectFrom('labeling_tasks')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('project_id', '=', projectId)
      .where('id', '=', taskId)
      .executeTakeFirst();
    return row ? toTask(row) : null;
  }

  async list(
    orgId: string,
    projectId: string,
    options: { status?: TaskStatus; offset?: number; limit?: number } = {},
  ): Promise<LabelingTask[]> {
    let query = this.store.db
      .selectFrom('labeling_tasks')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('project_id', '=', projectId);
    if (options.status) query = query.where('status', '=', options.status);
    const rows = await query
      .orderBy('position', 'asc')
      .limit(options.limit ?? 1_000_000)
      .offset(options.offset ?? 0)
      .execute();
    return rows.map(toTask);
  }

  async ids(orgId: string, projectId: string): Promise<Array<{ id: string; position: number }>> {
    const rows = await this.store.db
      .selectFrom('labeling_tasks')
      .select(['id', 'position'])
      .where('org_id', '=', orgId)
      .where('project_id', '=', projectId)
      .orderBy('position', 'asc')
      .execute();
    return rows.map((row) => ({ id: row.id, position: Number(row.position) }));
  }

  async countByStatus(orgId: string, projectId: string): Promise<Record<string, number>> {
    const rows = await this.store.db
      .selectFrom('labeling_tasks')
      .select(['status', (builder) => builder.fn.countAll<number>().as('count')])
      .where('org_id', '=', orgId)
      .where('project_id', '=', projectId)
      .groupBy('status')
      .execute();
    return Object.fromEntries(rows.map((row) => [row.status, Number(row.count)]));
  }

  async setStatus(taskId: string, status: TaskStatus): Promise<void> {
    await this.store.db
      .updateTable('labeling_tasks')
      .set({ status, updated_at: Date.now() })
      .where('id', '=', taskId)
      .execute();
  }

  async review(taskId: string, review: TaskReview): Promise<void> {
    const now = Date.now();
    await this.store.db
      .updateTable('labeling_tasks')
      .set({
        status: review.status,
        final_label: review.finalLabel === null ? null : JSON.stringify(review.finalLabel),
        edited: review.edited ? 1 : 0,
        review_comment: review.reviewComment,
        reviewed_by: review.reviewedBy,
        reviewed_at: now,
        updated_at: now,
      })
      .where('id', '=', taskId)
      .execute();
  }
}

function toTask(row: Selectable<LabelingTasksTable>): LabelingTask {
  return {
    id: row.id,
    projectId: row.project_id,
    orgId: row.org_id,
    position: Number(row.position),
    recordId: row.record_id,
    record: parseJsonColumn<DataRecord>(row.data, { id: row.record_id }),
    status: row.status as TaskStatus,
    finalLabel: parseJsonColumn<LabelValue | null>(row.final_label, null),
    edited: Number(row.edited) === 1,
    reviewComment: row.review_comment,
    reviewedBy: row.reviewed_by,
    reviewedAt: row.reviewed_at === null ? null : Number(row.reviewed_at),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}
