import type { QaPair } from './label-schema.ts';
import type { Assignment, LabelingProject, LabelingTask, Suggestion } from './labeling-types.ts';
import { candidateResponses, existingAnswer, existingPairs, promptMessages, taskText } from './task-content.ts';

/** What an annotator or reviewer sees of a task: its content by label kind, suggestions marked as such. */
export interface TaskView {
  object: 'labeling.task';
  id: string;
  projectId: string;
  position: number;
  recordId: string;
  status: LabelingTask['status'];
  content: {
    text?: string;
    prompt?: Array<{ role: string; content: string }>;
    responses?: { a: string; b: string } | null;
    answer?: string | null;
    pairs?: QaPair[];
  };
  /** Model suggestions: shown as suggestions with the model named; an annotator's label is always their own. */
  suggestions: Array<{
    id: string;
    kind: Suggestion['kind'];
    model: string;
    value: Suggestion['value'];
    createdAt: number;
    suggested: true;
  }>;
  /** The caller's own assignment (annotators). */
  assignment?: AssignmentView | null;
  /** Every annotator's work and the review (reviewers only). */
  assignments?: AssignmentView[];
  review?: {
    finalLabel: LabelingTask['finalLabel'];
    edited: boolean;
    comment: string | null;
    reviewedBy: string | null;
    reviewedAt: number | null;
  };
}

export interface AssignmentView {
  id: string;
  annotatorId: string;
  status: Assignment['status'];
  label: Assignment['label'];
  reviewComment: string | null;
  submittedAt: number | null;
}

export function assignmentView(assignment: Assignment): AssignmentView {
  return {
    id: assignment.id,
    annotatorId: assignment.annotatorId,
    status: assignment.status,
    label: assignment.label,
    reviewComment: assignment.reviewComment,
    submittedAt: assignment.submittedAt,
  };
}

export function taskView(project: LabelingProject, task: LabelingTask, suggestions: Suggestion[]): TaskView {
  const record = task.record;
  const content: TaskView['content'] = {};
  switch (project.labelSchema.kind) {
    case 'classification':
    case 'spans':
    case 'rating':
      content.text = taskText(record);
      break;
    case 'preference': {
      content.prompt = promptMessages(record);
      const responses = candidateResponses(record);
      content.responses = responses ? { a: responses[0], b: responses[1] } : null;
      break;
    }
    case 'response':
      content.prompt = promptMessages(record);
      content.answer = existingAnswer(record);
      break;
    case 'qa_review':
      content.text = record.text ?? undefined;
      content.pairs = existingPairs(record);
      break;
  }
  return {
    object: 'labeling.task',
    id: task.id,
    projectId: task.projectId,
    position: task.position,
    recordId: task.recordId,
    status: task.status,
    content,
    suggestions: suggestions.map((suggestion) => ({
      id: suggestion.id,
      kind: suggestion.kind,
      model: suggestion.model,
      value: suggestion.value,
      createdAt: suggestion.createdAt,
      suggested: true,
    })),
  };
}
