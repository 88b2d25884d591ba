import { conflict, invalidRequest, notFound } from '../util/errors.ts';
import { checkLabel } from './annotation-service.ts';
import { managerRoles, requireLabelingRole, type Actor } from './labeling-access.ts';
import type { LabelingProjects } from './labeling-projects.ts';
import type { LabelValue } from './label-schema.ts';
import type { LabelingTask } from './labeling-types.ts';

export type ReviewAction =
  | { action: 'accept'; assignmentId?: string; comment?: string }
  | { action: 'reject'; comment?: string; assignmentId?: string }
  | { action: 'edit'; label: unknown; offsets?: 'code_point' | 'utf16'; comment?: string };

/**
 * Review by owners and admins: accept one annotator's label (or the label all agree on), reject
 * with a comment (the work goes back to the annotators' queues as a draft with the comment), or
 * edit (the reviewer's corrected label is accepted and marked as edited).
 */
export class ReviewService {
  constructor(private readonly projects: LabelingProjects) {}

  async review(actor: Actor, projectIdOrName: string, taskId: string, review: ReviewAction): Promise<LabelingTask> {
    requireLabelingRole(actor, managerRoles);
    const project = await this.projects.get(actor, projectIdOrName);
    const task = await this.projects.tasks.get(actor.orgId, project.id, taskId);
    if (!task) throw notFound(`No task '${taskId}' in this project.`, 'task_not_found', 'task');
    const assignments = await this.projects.assignments.forTask(actor.orgId, task.id);
    const submitted = assignments.filter(
      (assignment) => assignment.status === 'submitted' && assignment.label !== null,
    );
    const reviewedBy = actor.annotatorId;
    switch (review.action) {
      case 'accept': {
        let label: LabelValue;
        if (review.assignmentId) {
          const chosen = submitted.find((assignment) => assignment.id === review.assignmentId);
          if (!chosen)
            throw invalidRequest(
              'That assignment has no submitted label on this task.',
              'assignmentId',
              'assignment_not_submitted',
            );
          label = chosen.label!;
        } else {
          if (submitted.length === 0)
            throw conflict(
              'Nothing was submitted for this task yet; use "edit" to label it yourself.',
              'nothing_submitted',
            );
          const distinct = new Set(submitted.map((assignment) => JSON.stringify(assignment.label)));
          if (distinct.size > 1)
            throw conflict('The annotators disagree; name the assignmentId to accept, or edit.', 'labels_disagree');
          label = submitted[0]!.label!;
        }
        await this.projects.tasks.review(task.id, {
          status: 'accepted',
          finalLabel: label,
          edited: false,
          reviewComment: review.comment ?? null,
          reviewedBy,
        });
        break;
      }
      case 'reject': {
        if (!review.comment || review.comment.trim().length === 0)
          throw invalidRequest('A rejection needs a comment for the annotators.', 'comment', 'missing_comment');
        const targets = review.assignmentId
          ? submitted.filter((assignment) => assignment.id === review.assignmentId)
          : submitted;
        if (review.assignmentId && targets.length === 0)
          throw invalidRequest(
            'That assignment has no submitted label on this task.',
            'assignmentId',
            'assignment_not_submitted',
          );
        for (const assignment of targets)
          await this.projects.assignments.update(assignment.id, { status: 'draft', reviewComment: review.comment });
        await this.projects.tasks.review(task.id, {
          status: 'rejected',
          finalLabel: null,
          edited: false,
          reviewComment: review.comment,
          reviewedBy,
        });
        break;
      }
      case 'edit': {
        const label = checkLabel(project, task, { label: review.label, offsets: review.offsets });
        await this.projects.tasks.review(task.id, {
          status: 'accepted',
          finalLabel: label,
          edited: true,
          reviewComment: review.comment ?? null,
          reviewedBy,
        });
        break;
      }
    }
    const reviewed = (await this.projects.tasks.get(actor.orgId, project.id, task.id))!;
    await this.projects.history.record({
      orgId: actor.orgId,
      projectId: project.id,
      taskId: task.id,
      actorId: reviewedBy ?? actor.principal.role,
      action: review.action,
      assignmentId: ('assignmentId' in review ? review.assignmentId : undefined) ?? null,
      label: reviewed.finalLabel,
      previousLabel: task.finalLabel,
      comment: review.comment?.trim() ? review.comment : null,
    });
    return reviewed;
  }
}
