import type { AssignmentView, TaskView } from '../api-contract/labeling-tasks.ts';
import type { Assignment, LabelingProject, LabelingTask, Suggestion } from './labeling-types.ts';
import { candidateResponses, existingAnswer, existingPairs, promptMessages, taskText } from './task-content.ts';

export type { AssignmentView, TaskView };

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
      confidence: suggestion.confidence ?? null,
      createdAt: suggestion.createdAt,
      suggested: true,
    })),
  };
}
