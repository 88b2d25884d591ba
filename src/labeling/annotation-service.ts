import { conflict, invalidRequest, notFound } from '../util/errors.ts';
import type { AssignmentRepository } from './assignment-repository.ts';
import { hasRole, readerRoles, requireAnnotatorId, type Actor } from './labeling-access.ts';
import type { LabelingProjects } from './labeling-projects.ts';
import { parseLabelValue, type LabelValue } from './label-schema.ts';
import type { Assignment, LabelingProject, LabelingTask } from './labeling-types.ts';
import { normalizeSpans } from './span-offsets.ts';
import type { SuggestionRepository } from './suggestion-repository.ts';
import { taskText } from './task-content.ts';
import type { TaskRepository } from './task-repository.ts';
import { hasScanFilters, taskPredicate } from './task-filter.ts';
import type { TaskListQuery } from '../api-contract/labeling-review.ts';
import { assignmentView, taskView, type TaskView } from './task-view.ts';

export interface LabelInput {
  label?: unknown;
  /** Offsets of span labels: Unicode code points (default) or UTF-16 code units (JavaScript strings). */
  offsets?: 'code_point' | 'utf16';
}

/** An annotator's side: the queue, task views, draft, skip and submit. */
export class AnnotationService {
  private readonly tasks: TaskRepository;
  private readonly assignments: AssignmentRepository;

  constructor(
    private readonly projects: LabelingProjects,
    private readonly suggestions: SuggestionRepository,
  ) {
    this.tasks = projects.tasks;
    this.assignments = projects.assignments;
  }

  /** The annotator's next unfinished item (drafts and pending by position), or null when done. */
  async next(actor: Actor, projectIdOrName: string): Promise<TaskView | null> {
    const project = await this.projects.get(actor, projectIdOrName);
    const annotatorId = requireAnnotatorId(actor);
    const assignment = await this.assignments.next(actor.orgId, project.id, annotatorId);
    if (!assignment) return null;
    const task = await this.tasks.get(actor.orgId, project.id, assignment.taskId);
    if (!task) return null;
    return {
      ...taskView(project, task, await this.suggestions.forTask(actor.orgId, task.id)),
      assignment: assignmentView(assignment),
    };
  }

  /**
   * Reviewers see every task with all annotators' work; others only tasks assigned to them, with
   * their own work. Filters: status, disagreement, record meta, suggestions and their confidence,
   * annotator (see task-filter.ts).
   */
  async listTasks(actor: Actor, projectIdOrName: string, options: TaskListQuery = {}): Promise<TaskView[]> {
    const project = await this.projects.get(actor, projectIdOrName);
    const limit = Math.min(options.limit ?? 50, 500);
    const offset = options.offset ?? 0;
    const scan = hasScanFilters(options);
    const matches = scan
      ? await taskPredicate(actor.orgId, project.id, options, {
          assignments: this.assignments,
          suggestions: this.suggestions,
        })
      : (task: LabelingTask) => !options.status || task.status === options.status;
    if (hasRole(actor, readerRoles)) {
      const tasks = scan
        ? (await this.tasks.list(actor.orgId, project.id, { status: options.status }))
            .filter(matches)
            .slice(offset, offset + limit)
        : await this.tasks.list(actor.orgId, project.id, { status: options.status, offset, limit });
      return Promise.all(tasks.map((task) => this.fullView(actor, project, task)));
    }
    const annotatorId = requireAnnotatorId(actor);
    const views: TaskView[] = [];
    let skipped = 0;
    for (const assignment of await this.assignments.forProject(actor.orgId, project.id, annotatorId)) {
      if (views.length === limit) break;
      const task = await this.tasks.get(actor.orgId, project.id, assignment.taskId);
      if (!task || !matches(task)) continue;
      if (skipped++ < offset) continue;
      views.push(await this.ownView(actor, project, task, assignment));
    }
    return views;
  }

  async getTask(actor: Actor, projectIdOrName: string, taskId: string): Promise<TaskView> {
    const project = await this.projects.get(actor, projectIdOrName);
    const task = await this.tasks.get(actor.orgId, project.id, taskId);
    if (!task) throw taskNotFound(taskId);
    if (hasRole(actor, readerRoles)) return this.fullView(actor, project, task);
    const assignment = await this.assignments.find(actor.orgId, task.id, requireAnnotatorId(actor));
    if (!assignment) throw taskNotFound(taskId);
    return this.ownView(actor, project, task, assignment);
  }

  saveDraft(actor: Actor, projectIdOrName: string, taskId: string, input: LabelInput): Promise<TaskView> {
    return this.record(actor, projectIdOrName, taskId, 'draft', input);
  }

  submit(actor: Actor, projectIdOrName: string, taskId: string, input: LabelInput): Promise<TaskView> {
    return this.record(actor, projectIdOrName, taskId, 'submitted', input);
  }

  skip(actor: Actor, projectIdOrName: string, taskId: string): Promise<TaskView> {
    return this.record(actor, projectIdOrName, taskId, 'skipped', {});
  }

  private async record(
    actor: Actor,
    projectIdOrName: string,
    taskId: string,
    status: 'draft' | 'submitted' | 'skipped',
    input: LabelInput,
  ): Promise<TaskView> {
    const project = await this.projects.get(actor, projectIdOrName);
    const task = await this.tasks.get(actor.orgId, project.id, taskId);
    if (!task) throw taskNotFound(taskId);
    const assignment = await this.assignments.find(actor.orgId, task.id, requireAnnotatorId(actor));
    if (!assignment) throw taskNotFound(taskId);
    if (task.status === 'accepted') throw conflict('This task was already accepted by a reviewer.', 'task_reviewed');
    if (assignment.status === 'submitted' && status !== 'submitted' && task.status !== 'rejected') {
      throw conflict(
        'This label was submitted; it can be changed by submitting again until review.',
        'already_submitted',
      );
    }
    let label: LabelValue | null = assignment.label;
    if (status !== 'skipped') {
      if (input.label === undefined) {
        if (status === 'submitted') throw invalidRequest('A label is required to submit.', 'label', 'missing_label');
      } else {
        label = checkLabel(project, task, input);
      }
    }
    await this.assignments.update(assignment.id, {
      status,
      label,
      reviewComment: status === 'submitted' ? null : assignment.reviewComment,
    });
    await this.projects.history.record({
      orgId: actor.orgId,
      projectId: project.id,
      taskId: task.id,
      actorId: assignment.annotatorId,
      action: status === 'submitted' ? 'submit' : status === 'skipped' ? 'skip' : 'draft',
      assignmentId: assignment.id,
      label: status === 'skipped' ? null : label,
      previousLabel: assignment.label,
      comment: null,
    });
    await this.refreshTaskStatus(actor.orgId, project, task);
    const updated = (await this.assignments.get(actor.orgId, project.id, assignment.id))!;
    const fresh = (await this.tasks.get(actor.orgId, project.id, task.id))!;
    return this.ownView(actor, project, fresh, updated);
  }

  /** open ⇄ submitted as the task's labels come in (`overlap` submitted labels make it ready for review). */
  private async refreshTaskStatus(orgId: string, project: LabelingProject, task: LabelingTask): Promise<void> {
    const all = await this.assignments.forTask(orgId, task.id);
    const submitted = all.filter((assignment) => assignment.status === 'submitted').length;
    const next = submitted >= project.overlap ? 'submitted' : task.status === 'rejected' ? 'rejected' : 'open';
    if (next !== task.status) await this.tasks.setStatus(task.id, next);
  }

  private async ownView(
    actor: Actor,
    project: LabelingProject,
    task: LabelingTask,
    assignment: Assignment,
  ): Promise<TaskView> {
    return {
      ...taskView(project, task, await this.suggestions.forTask(actor.orgId, task.id)),
      assignment: assignmentView(assignment),
    };
  }

  private async fullView(actor: Actor, project: LabelingProject, task: LabelingTask): Promise<TaskView> {
    const view = taskView(project, task, await this.suggestions.forTask(actor.orgId, task.id));
    view.assignments = (await this.assignments.forTask(actor.orgId, task.id)).map(assignmentView);
    view.review = {
      finalLabel: task.finalLabel,
      edited: task.edited,
      comment: task.reviewComment,
      reviewedBy: task.reviewedBy,
      reviewedAt: task.reviewedAt,
    };
    return view;
  }
}

/** The largest label accepted (as JSON): task lists carry labels, so one label must stay small. */
export const MAX_LABEL_BYTES = 256 * 1024;

/** Validates a label against the project's schema; span offsets are checked against the task's text. */
export function checkLabel(project: LabelingProject, task: LabelingTask, input: LabelInput): LabelValue {
  const bytes = Buffer.byteLength(JSON.stringify(input.label ?? null), 'utf8');
  if (bytes > MAX_LABEL_BYTES)
    throw invalidRequest(
      `The label is ${bytes} bytes; a label may have at most ${MAX_LABEL_BYTES} bytes (256 KiB).`,
      'label',
      'label_too_large',
    );
  const value = parseLabelValue(project.labelSchema, input.label);
  if ('spans' in value)
    return { spans: normalizeSpans(taskText(task.record), value.spans, input.offsets ?? 'code_point') };
  return value;
}

function taskNotFound(taskId: string) {
  return notFound(`No task '${taskId}' for you in this project.`, 'task_not_found', 'task');
}
