import type { TaskListQuery } from '../api-contract/labeling-review.ts';
import { invalidRequest } from '../util/errors.ts';
import type { AssignmentRepository } from './assignment-repository.ts';
import type { LabelingTask } from './labeling-types.ts';
import type { SuggestionRepository } from './suggestion-repository.ts';

/** True when the query filters on more than the status (those filters look at every task of the project). */
export function hasScanFilters(query: TaskListQuery): boolean {
  return (
    query.disagreement !== undefined ||
    query.meta !== undefined ||
    query.suggested !== undefined ||
    query.maxConfidence !== undefined ||
    query.annotator !== undefined
  );
}

/** `key=value` or `key`: a condition on the record's meta. */
export function parseMetaFilter(meta: string): { key: string; value: string | null } {
  const equals = meta.indexOf('=');
  const key = (equals < 0 ? meta : meta.slice(0, equals)).trim();
  if (!key) throw invalidRequest("meta is 'key=value' or 'key'.", 'meta', 'invalid_value');
  return { key, value: equals < 0 ? null : meta.slice(equals + 1) };
}

/**
 * The task predicate of a list query: status, disagreement among submitted labels, a meta value of
 * the record, model suggestions (and their best confidence) and the annotator. Reads what it needs
 * of the project once (submitted labels, suggestion summaries, assignments).
 */
export async function taskPredicate(
  orgId: string,
  projectId: string,
  query: TaskListQuery,
  sources: { assignments: AssignmentRepository; suggestions: SuggestionRepository },
): Promise<(task: LabelingTask) => boolean> {
  const meta = query.meta !== undefined ? parseMetaFilter(query.meta) : null;
  let labelsByTask: Map<string, Set<string>> | null = null;
  let submittedByTask: Map<string, number> | null = null;
  if (query.disagreement !== undefined) {
    labelsByTask = new Map();
    submittedByTask = new Map();
    for (const assignment of await sources.assignments.forProject(orgId, projectId, undefined, ['submitted'])) {
      if (assignment.label === null) continue;
      const labels = labelsByTask.get(assignment.taskId) ?? new Set<string>();
      labels.add(JSON.stringify(assignment.label));
      labelsByTask.set(assignment.taskId, labels);
      submittedByTask.set(assignment.taskId, (submittedByTask.get(assignment.taskId) ?? 0) + 1);
    }
  }
  const summary =
    query.suggested !== undefined || query.maxConfidence !== undefined
      ? await sources.suggestions.summaryByTask(orgId, projectId)
      : null;
  const assigned =
    query.annotator !== undefined
      ? new Set((await sources.assignments.forProject(orgId, projectId, query.annotator)).map((row) => row.taskId))
      : null;
  return (task) => {
    if (query.status && task.status !== query.status) return false;
    if (labelsByTask && submittedByTask) {
      if ((submittedByTask.get(task.id) ?? 0) < 2) return false;
      if (labelsByTask.get(task.id)!.size > 1 !== query.disagreement) return false;
    }
    if (meta) {
      const recordMeta = task.record.meta as Record<string, unknown> | undefined;
      if (!recordMeta || !Object.hasOwn(recordMeta, meta.key)) return false;
      if (meta.value !== null) {
        const value = recordMeta[meta.key];
        const text = typeof value === 'string' ? value : JSON.stringify(value);
        if (text !== meta.value) return false;
      }
    }
    if (summary) {
      const entry = summary.get(task.id);
      if (query.suggested !== undefined && (entry !== undefined) !== query.suggested) return false;
      if (query.maxConfidence !== undefined) {
        if (entry?.maxConfidence === null || entry?.maxConfidence === undefined) return false;
        if (entry.maxConfidence >= query.maxConfidence) return false;
      }
    }
    if (assigned && !assigned.has(task.id)) return false;
    return true;
  };
}
