import type { BulkReviewInput, BulkReviewResult } from '../api-contract/labeling-review.ts';
import { invalidRequest } from '../util/errors.ts';
import { managerRoles, requireLabelingRole, type Actor } from './labeling-access.ts';
import type { LabelingProjects } from './labeling-projects.ts';
import type { Assignment } from './labeling-types.ts';
import type { ReviewService } from './review-service.ts';

/** Most tasks one bulk review names explicitly (without `taskIds` it covers every submitted task). */
export const MAX_BULK_TASKS = 10_000;

/**
 * The label a rule accepts for a task's submitted labels, with the assignment that gave it, or why
 * there is none: `unanimous` needs every submitted label equal, `majority` more than half of them.
 */
export function ruleChoice(
  submitted: Assignment[],
  rule: 'unanimous' | 'majority',
): { assignmentId: string } | { skip: 'nothing_submitted' | 'labels_disagree' | 'no_majority' } {
  if (submitted.length === 0) return { skip: 'nothing_submitted' };
  const groups = new Map<string, Assignment[]>();
  for (const assignment of submitted) {
    const key = JSON.stringify(assignment.label);
    groups.set(key, [...(groups.get(key) ?? []), assignment]);
  }
  const largest = [...groups.values()].sort((left, right) => right.length - left.length)[0]!;
  if (rule === 'unanimous') return groups.size === 1 ? { assignmentId: largest[0]!.id } : { skip: 'labels_disagree' };
  return largest.length * 2 > submitted.length ? { assignmentId: largest[0]!.id } : { skip: 'no_majority' };
}

/**
 * Reviews many tasks at once ("accept all unanimous", "accept majority", reject a selection): each
 * task goes through the single-task review, so checks and label history are the same as by hand.
 * Only tasks waiting for review (`submitted`) are touched; the others are counted as skipped.
 * A dry run of an accept counts the same way and changes nothing (what a confirmation shows).
 */
export async function bulkReview(
  projects: LabelingProjects,
  reviews: ReviewService,
  actor: Actor,
  projectIdOrName: string,
  input: BulkReviewInput,
): Promise<BulkReviewResult> {
  requireLabelingRole(actor, managerRoles);
  const project = await projects.get(actor, projectIdOrName);
  if (input.taskIds && input.taskIds.length > MAX_BULK_TASKS)
    throw invalidRequest(`At most ${MAX_BULK_TASKS} taskIds per bulk review.`, 'taskIds', 'too_many_tasks');
  if (input.action === 'reject' && !input.comment?.trim())
    throw invalidRequest('A rejection needs a comment for the annotators.', 'comment', 'missing_comment');
  if (input.action === 'reject' && !input.taskIds)
    throw invalidRequest('Name the tasks to reject with taskIds.', 'taskIds', 'missing_required_parameter');
  const dryRun = input.action === 'accept' && input.dryRun === true;
  const wanted = input.taskIds ? new Set(input.taskIds) : null;
  const tasks = (await projects.tasks.list(actor.orgId, project.id)).filter((task) => !wanted || wanted.has(task.id));
  const submittedByTask = new Map<string, Assignment[]>();
  for (const assignment of await projects.assignments.forProject(actor.orgId, project.id, undefined, ['submitted'])) {
    if (assignment.label === null) continue;
    submittedByTask.set(assignment.taskId, [...(submittedByTask.get(assignment.taskId) ?? []), assignment]);
  }
  const result: BulkReviewResult = {
    object: 'labeling.bulk_review',
    action: input.action,
    ...(input.action === 'accept' ? { rule: input.rule } : {}),
    ...(dryRun ? { dryRun: true as const } : {}),
    considered: tasks.length + (wanted ? wanted.size - Math.min(wanted.size, tasks.length) : 0),
    reviewed: 0,
    taskIds: [],
    skipped: {},
  };
  const skip = (reason: string) => {
    result.skipped[reason] = (result.skipped[reason] ?? 0) + 1;
  };
  if (wanted) for (let missing = wanted.size - tasks.length; missing > 0; missing--) skip('task_not_found');
  for (const task of tasks) {
    if (task.status !== 'submitted') {
      skip(`status_${task.status}`);
      continue;
    }
    const submitted = submittedByTask.get(task.id) ?? [];
    if (input.action === 'reject') {
      await reviews.review(actor, project.id, task.id, { action: 'reject', comment: input.comment! });
    } else {
      const choice = ruleChoice(submitted, input.rule);
      if ('skip' in choice) {
        skip(choice.skip);
        continue;
      }
      if (!dryRun)
        await reviews.review(actor, project.id, task.id, {
          action: 'accept',
          assignmentId: choice.assignmentId,
          comment: input.comment ?? `bulk accept (${input.rule})`,
        });
    }
    result.reviewed++;
    result.taskIds.push(task.id);
  }
  return result;
}
