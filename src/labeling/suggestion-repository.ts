import type { Selectable } from 'kysely';
import type { Store } from '../store/database.ts';
import type { LabelingSuggestionsTable } from '../store/schema/labeling-tables.ts';
import { newId } from '../util/ids.ts';
import { parseJsonColumn } from '../store/json-columns.ts';
import type { LabelValue } from './label-schema.ts';
import type { Suggestion } from './labeling-types.ts';

/** Model suggestions (pre-labels, generated QA pairs): stored beside, never instead of, human labels. */
export class SuggestionRepository {
  constructor(private readonly store: Store) {}

  async insert(suggestion: Omit<Suggestion, 'id' | 'createdAt'>): Promise<Suggestion> {
    const created: Suggestion = { ...suggestion, id: newId('lbs'), createdAt: Date.now() };
    await this.store.db
      .insertInto('labeling_suggestions')
      .values({
        id: created.id,
        project_id: created.projectId,
        task_id: created.taskId,
        org_id: created.orgId,
        kind: created.kind,
        model: created.model,
        value: JSON.stringify(created.value),
        job_id: created.jobId,
        confidence: created.confidence ?? null,
        created_at: created.createdAt,
      })
      .execute();
    return created;
  }

  async forTask(orgId: string, taskId: string): Promise<Suggestion[]> {
    const rows = await this.store.db
      .selectFrom('labeling_suggestions')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('task_id', '=', taskId)
      .orderBy('created_at', 'desc')
      .execute();
    return rows.map(toSuggestion);
  }

  /** Per task of the project that has suggestions: how many, and the highest confidence given (null when none was). */
  async summaryByTask(
    orgId: string,
    projectId: string,
  ): Promise<Map<string, { count: number; maxConfidence: number | null }>> {
    const rows = await this.store.db
      .selectFrom('labeling_suggestions')
      .select(['task_id', 'confidence'])
      .where('org_id', '=', orgId)
      .where('project_id', '=', projectId)
      .execute();
    const summary = new Map<string, { count: number; maxConfidence: number | null }>();
    for (const row of rows) {
      const entry = summary.get(row.task_id) ?? { count: 0, maxConfidence: null };
      entry.count++;
      if (row.confidence !== null) entry.maxConfidence = Math.max(entry.maxConfidence ?? 0, Number(row.confidence));
      summary.set(row.task_id, entry);
    }
    return summary;
  }

  /** Removes one model's suggestions of a kind on these tasks (before importing new ones over them). */
  async removeFor(orgId: string, projectId: string, model: string, taskIds: string[]): Promise<void> {
    for (let start = 0; start < taskIds.length; start += 500)
      await this.store.db
        .deleteFrom('labeling_suggestions')
        .where('org_id', '=', orgId)
        .where('project_id', '=', projectId)
        .where('kind', '=', 'label')
        .where('model', '=', model)
        .where('task_id', 'in', taskIds.slice(start, start + 500))
        .execute();
  }

  /** Task ids of the project that already have a suggestion of this kind from this model. */
  async taskIdsWith(orgId: string, projectId: string, kind: Suggestion['kind'], model: string): Promise<Set<string>> {
    const rows = await this.store.db
      .selectFrom('labeling_suggestions')
      .select('task_id')
      .where('org_id', '=', orgId)
      .where('project_id', '=', projectId)
      .where('kind', '=', kind)
      .where('model', '=', model)
      .execute();
    return new Set(rows.map((row) => row.task_id));
  }
}

function toSuggestion(row: Selectable<LabelingSuggestionsTable>): Suggestion {
  return {
    id: row.id,
    projectId: row.project_id,
    taskId: row.task_id,
    orgId: row.org_id,
    kind: row.kind as Suggestion['kind'],
    model: row.model,
    value: parseJsonColumn<LabelValue>(row.value, { answer: '' }),
    jobId: row.job_id,
    confidence: row.confidence === null ? null : Number(row.confidence),
    createdAt: Number(row.created_at),
  };
}
