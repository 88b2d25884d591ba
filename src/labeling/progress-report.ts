import type { ProgressReport } from '../api-contract/labeling-projects.ts';
import type { Assignment, LabelingProject } from './labeling-types.ts';

export type { ProgressReport };

export function progressReport(
  project: LabelingProject,
  taskCounts: Record<string, number>,
  assignments: Assignment[],
): ProgressReport {
  const tasks = {
    total: project.taskCount,
    open: taskCounts.open ?? 0,
    submitted: taskCounts.submitted ?? 0,
    accepted: taskCounts.accepted ?? 0,
    rejected: taskCounts.rejected ?? 0,
  };
  const totals = { total: assignments.length, pending: 0, draft: 0, skipped: 0, submitted: 0 };
  const perAnnotator = new Map<string, ProgressReport['perAnnotator'][number]>();
  for (const annotatorId of project.annotators)
    perAnnotator.set(annotatorId, { annotatorId, assigned: 0, pending: 0, draft: 0, skipped: 0, submitted: 0 });
  for (const assignment of assignments) {
    totals[assignment.status]++;
    const entry = perAnnotator.get(assignment.annotatorId) ?? {
      annotatorId: assignment.annotatorId,
      assigned: 0,
      pending: 0,
      draft: 0,
      skipped: 0,
      submitted: 0,
    };
    entry.assigned++;
    entry[assignment.status]++;
    perAnnotator.set(assignment.annotatorId, entry);
  }
  const needed = project.taskCount * project.overlap;
  return {
    object: 'labeling.progress',
    projectId: project.id,
    tasks,
    assignments: totals,
    percentLabeled: needed === 0 ? 0 : Math.min(100, (100 * totals.submitted) / needed),
    percentAccepted: project.taskCount === 0 ? 0 : (100 * tasks.accepted) / project.taskCount,
    perAnnotator: [...perAnnotator.values()],
  };
}
