import type { PredictionsInput, PredictionsResult } from '../api-contract/labeling-review.ts';
import { isKaiyuanError } from '../util/errors.ts';
import { checkLabel } from './annotation-service.ts';
import { managerRoles, requireLabelingRole, type Actor } from './labeling-access.ts';
import type { LabelingProjects } from './labeling-projects.ts';
import type { LabelValue } from './label-schema.ts';
import type { SuggestionRepository } from './suggestion-repository.ts';

/**
 * Imports an external model's predictions as suggestions with their confidence (Label Studio's
 * predictions import): each is checked like an annotator's label against the project's schema and
 * the task's text; bad ones are reported by position and the good ones stored. Suggestions are
 * never labels: annotators submit them and reviewers accept them as with pre-labeling.
 */
export async function importPredictions(
  projects: LabelingProjects,
  suggestions: SuggestionRepository,
  actor: Actor,
  projectIdOrName: string,
  input: PredictionsInput,
): Promise<PredictionsResult> {
  requireLabelingRole(actor, managerRoles);
  const project = await projects.get(actor, projectIdOrName);
  const tasks = await projects.tasks.list(actor.orgId, project.id);
  const byId = new Map(tasks.map((task) => [task.id, task]));
  const byRecord = new Map(tasks.map((task) => [task.recordId, task]));
  const result: PredictionsResult = {
    object: 'labeling.predictions_import',
    model: input.model,
    imported: 0,
    rejected: [],
  };
  const accepted: Array<{ taskId: string; value: LabelValue; confidence: number | null }> = [];
  input.predictions.forEach((prediction, index) => {
    const task =
      prediction.taskId !== undefined
        ? byId.get(prediction.taskId)
        : prediction.recordId !== undefined
          ? byRecord.get(prediction.recordId)
          : undefined;
    if (!task) {
      const named = prediction.taskId ?? prediction.recordId;
      result.rejected.push({
        index,
        code: named === undefined ? 'missing_task' : 'task_not_found',
        message:
          named === undefined
            ? 'A prediction names its task with taskId or recordId.'
            : `No task '${named}' in this project.`,
      });
      return;
    }
    try {
      const value = checkLabel(project, task, { label: prediction.label, offsets: input.offsets });
      accepted.push({ taskId: task.id, value, confidence: prediction.score ?? null });
    } catch (error) {
      if (!isKaiyuanError(error)) throw error;
      result.rejected.push({ index, code: error.code, message: error.message });
    }
  });
  if (input.overwrite)
    await suggestions.removeFor(
      actor.orgId,
      project.id,
      input.model,
      accepted.map((prediction) => prediction.taskId),
    );
  for (const prediction of accepted) {
    await suggestions.insert({
      projectId: project.id,
      taskId: prediction.taskId,
      orgId: actor.orgId,
      kind: 'label',
      model: input.model,
      value: prediction.value,
      confidence: prediction.confidence,
      jobId: null,
    });
    result.imported++;
  }
  return result;
}
