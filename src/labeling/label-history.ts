import type { Selectable } from 'kysely';
import type { Store } from '../store/database.ts';
import { parseJsonColumn } from '../store/json-columns.ts';
import type { LabelingLabelEventsTable } from '../store/schema/labeling-tables.ts';
import { newTimeOrderedId } from '../util/ids.ts';
import type { LabelValue } from './label-schema.ts';

export const labelActions = ['draft', 'submit', 'skip', 'accept', 'reject', 'edit'] as const;
export type LabelAction = (typeof labelActions)[number];

/** One change of a label: who did what to which task, when, and what the label was before. */
export interface LabelEvent {
  id: string;
  projectId: string;
  taskId: string;
  actorId: string;
  action: LabelAction;
  assignmentId: string | null;
  label: LabelValue | null;
  previousLabel: LabelValue | null;
  comment: string | null;
  createdAt: number;
}

export type NewLabelEvent = Omit<LabelEvent, 'id' | 'createdAt'> & { orgId: string };

/** The append-only label history: annotators' drafts, submissions and skips, reviewers' decisions. */
export class LabelHistory {
  /** Times are kept strictly increasing in this process, so two changes in one millisecond keep their order. */
  private lastAt = 0;

  constructor(private readonly store: Store) {}

  async record(event: NewLabelEvent): Promise<void> {
    this.lastAt = Math.max(Date.now(), this.lastAt + 1);
    await this.store.db
      .insertInto('labeling_label_events')
      .values({
        id: newTimeOrderedId('lbe'),
        project_id: event.projectId,
        task_id: event.taskId,
        org_id: event.orgId,
        actor_id: event.actorId,
        action: event.action,
        assignment_id: event.assignmentId,
        label: event.label === null ? null : JSON.stringify(event.label),
        previous_label: event.previousLabel === null ? null : JSON.stringify(event.previousLabel),
        comment: event.comment,
        created_at: this.lastAt,
      })
      .execute();
  }

  /** A task's history, oldest first. */
  async forTask(orgId: string, taskId: string): Promise<LabelEvent[]> {
    const rows = await this.store.db
      .selectFrom('labeling_label_events')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('task_id', '=', taskId)
      .orderBy('created_at', 'asc')
      .orderBy('id', 'asc')
      .execute();
    return rows.map(toEvent);
  }

  /** A project's history, newest first, optionally of one person (annotator or reviewer). */
  async forProject(
    orgId: string,
    projectId: string,
    options: { actorId?: string; offset?: number; limit?: number } = {},
  ): Promise<LabelEvent[]> {
    let query = this.store.db
      .selectFrom('labeling_label_events')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('project_id', '=', projectId);
    if (options.actorId) query = query.where('actor_id', '=', options.actorId);
    const rows = await query
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(options.limit ?? 100)
      .offset(options.offset ?? 0)
      .execute();
    return rows.map(toEvent);
  }
}

function toEvent(row: Selectable<LabelingLabelEventsTable>): LabelEvent {
  return {
    id: row.id,
    projectId: row.project_id,
    taskId: row.task_id,
    actorId: row.actor_id,
    action: row.action as LabelAction,
    assignmentId: row.assignment_id,
    label: parseJsonColumn<LabelValue | null>(row.label, null),
    previousLabel: parseJsonColumn<LabelValue | null>(row.previous_label, null),
    comment: row.comment,
    createdAt: Number(row.created_at),
  };
}
