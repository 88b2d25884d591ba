import type { Selectable } from 'kysely';
import type { Store } from '../store/database.ts';
import type { LabelingAssignmentsTable } from '../store/schema/labeling-tables.ts';
import { newId } from '../util/ids.ts';
import { parseJsonColumn } from '../store/json-columns.ts';
import type { LabelValue } from './label-schema.ts';
import type { Assignment, AssignmentStatus } from './labeling-types.ts';

const BATCH = 200;

/** Who labels which task: one row per (task, annotator), with the annotator's draft or submitted label. */
export class AssignmentRepository {
  constructor(private readonly store: Store) {}

  async insertMany(
    orgId: string,
    projectId: string,
    rows: Array<{ taskId: string; annotatorId: string; position: number }>,
  ): Promise<void> {
    const now = Date.now();
    const values = rows.map((row) => ({
      id: newId('lba'),
      project_id: projectId,
      task_id: row.taskId,
      org_id: orgId,
      annotator_id: row.annotatorId,
      position: row.position,
      status: 'pending',
      label: null,
      review_comment: null,
      submitted_at: null,
      created_at: now,
      updated_at: now,
    }));
    for (let start = 0; start < values.length; start += BATCH)
      await this.store.db
        .insertInto('labeling_assignments')
        .values(values.slice(start, start + BATCH))
        .execute();
  }

  /** (task, annotator) pairs of a project, for distributing more work. */
  async pairs(orgId: string, projectId: string): Promise<Array<{ taskId: string; annotatorId: string }>> {
    const rows = await this.store.db
      .selectFrom('labeling_assignments')
      .select(['task_id', 'annotator_id'])
      .where('org_id', '=', orgId)
      .where('project_id', '=', projectId)
      .execute();
    return rows.map((row) => ({ taskId: row.task_id, annotatorId: row.annotator_id }));
  }

  async get(orgId: string, projectId: string, assignmentId: string): Promise<Assignment | null> {
    const row = await this.store.db
      .selectFrom('labeling_assignments')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('project_id', '=', projectId)
      .where('id', '=', assignmentId)
      .executeTakeFirst();
    return row ? toAssignment(row) : null;
  }

  async find(orgId: string, taskId: string, annotatorId: string): Promise<Assignment | null> {
    const row = await this.store.db
      .selectFrom('labeling_assignments')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('task_id', '=', taskId)
      .where('annotator_id', '=', annotatorId)
      .executeTakeFirst();
    return row ? toAssignment(row) : null;
  }

  async forTask(orgId: string, taskId: string): Promise<Assignment[]> {
    const rows = await this.store.db
      .selectFrom('labeling_assignments')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('task_id', '=', taskId)
      .orderBy('created_at', 'asc')
      .orderBy('id', 'asc')
      .execute();
    return rows.map(toAssignment);
  }

  async forProject(
    orgId: string,
    projectId: string,
    annotatorId?: string,
    statuses?: AssignmentStatus[],
  ): Promise<Assignment[]> {
    let query = this.store.db
      .selectFrom('labeling_assignments')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('project_id', '=', projectId);
    if (annotatorId !== undefined) query = query.where('annotator_id', '=', annotatorId);
    if (statuses) query = query.where('status', 'in', statuses);
    const rows = await query.orderBy('position', 'asc').orderBy('annotator_id', 'asc').execute();
    return rows.map(toAssignment);
  }

  /**
   * The annotator's next item: the first unfinished (pending or draft) assignment by position;
   * once none is left, the first one the annotator skipped whose task is still open (a skip
   * postpones a task, it does not drop it from the annotator's queue).
   */
  async next(orgId: string, projectId: string, annotatorId: string): Promise<Assignment | null> {
    const row = await this.store.db
      .selectFrom('labeling_assignments')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('project_id', '=', projectId)
      .where('annotator_id', '=', annotatorId)
      .where('status', 'in', ['pending', 'draft'])
      .orderBy('position', 'asc')
      .limit(1)
      .executeTakeFirst();
    if (row) return toAssignment(row);
    const skipped = await this.store.db
      .selectFrom('labeling_assignments')
      .innerJoin('labeling_tasks', 'labeling_tasks.id', 'labeling_assignments.task_id')
      .selectAll('labeling_assignments')
      .where('labeling_assignments.org_id', '=', orgId)
      .where('labeling_assignments.project_id', '=', projectId)
      .where('labeling_assignments.annotator_id', '=', annotatorId)
      .where('labeling_assignments.status', '=', 'skipped')
      .where('labeling_tasks.status', '=', 'open')
      .orderBy('labeling_assignments.position', 'asc')
      .limit(1)
      .executeTakeFirst();
    return skipped ? toAssignment(skipped) : null;
  }

  async update(
    assignmentId: string,
    changes: { status: AssignmentStatus; label?: LabelValue | null; reviewComment?: string | null },
  ): Promise<void> {
    const now = Date.now();
    await this.store.db
      .updateTable('labeling_assignments')
      .set({
        status: changes.status,
        ...(changes.label !== undefined
          ? { label: changes.label === null ? null : JSON.stringify(changes.label) }
          : {}),
        ...(changes.reviewComment !== undefined ? { review_comment: changes.reviewComment } : {}),
        submitted_at: changes.status === 'submitted' ? now : null,
        updated_at: now,
      })
      .where('id', '=', assignmentId)
      .execute();
  }
}

function toAssignment(row: Selectable<LabelingAssignmentsTable>): Assignment {
  return {
    id: row.id,
    projectId: row.project_id,
    taskId: row.task_id,
    orgId: row.org_id,
    annotatorId: row.annotator_id,
    position: Number(row.position),
    status: row.status as AssignmentStatus,
    label: parseJsonColumn<LabelValue | null>(row.label, null),
    reviewComment: row.review_comment,
    submittedAt: row.submitted_at === null ? null : Number(row.submitted_at),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}
