import { labelingExportFormats, type LabelingExportFormat } from '@kaiyuan/api-contract/formats.ts';
import type { Job } from '@kaiyuan/api-contract/jobs.ts';
import type { LabelKind, LabelSchema, LabelValue, Span } from '@kaiyuan/api-contract/label-values.ts';
import type {
  AgreementReport,
  AssistInput,
  CreateProjectInput,
  LabelingExportInput,
  LabelingExportResult,
  LabelingProject,
  ProgressReport,
} from '@kaiyuan/api-contract/labeling-projects.ts';
import type {
  LabelingTask,
  LabelInput,
  NextTask,
  ReviewInput,
  TaskView,
} from '@kaiyuan/api-contract/labeling-tasks.ts';
import type {
  BulkReviewInput,
  BulkReviewResult,
  LabelEventView,
  PredictionsInput,
  PredictionsResult,
} from '@kaiyuan/api-contract/labeling-review.ts';
import type { List } from '@kaiyuan/api-contract/list.ts';
import { requestJson } from './http-client.ts';

export type {
  AgreementReport,
  BulkReviewInput,
  BulkReviewResult,
  LabelEventView,
  PredictionsInput,
  PredictionsResult,
  LabelingExportFormat,
  LabelingExportResult,
  LabelingProject,
  LabelKind,
  LabelSchema,
  LabelValue,
  ProgressReport,
  Span,
  TaskView,
};
export { labelingExportFormats };

const projectPath = (project: string) => `/v1/labeling/projects/${encodeURIComponent(project)}`;

export async function listProjects(signal?: AbortSignal): Promise<LabelingProject[]> {
  const list = await requestJson<List<LabelingProject>>('/v1/labeling/projects', { signal });
  return Array.isArray(list?.data) ? list.data : [];
}

export function createProject(input: CreateProjectInput): Promise<LabelingProject> {
  return requestJson<LabelingProject>('/v1/labeling/projects', { method: 'POST', body: input });
}

export function getProject(project: string, signal?: AbortSignal): Promise<LabelingProject> {
  return requestJson<LabelingProject>(projectPath(project), { signal });
}

export function getProgress(project: string, signal?: AbortSignal): Promise<ProgressReport> {
  return requestJson<ProgressReport>(`${projectPath(project)}/progress`, { signal });
}

export function getAgreement(project: string, signal?: AbortSignal): Promise<AgreementReport> {
  return requestJson<AgreementReport>(`${projectPath(project)}/agreement`, { signal });
}

export function nextTask(project: string, signal?: AbortSignal): Promise<NextTask> {
  return requestJson<NextTask>(`${projectPath(project)}/next`, { signal });
}

/**
 * Tasks of a project with the API's filters (`status`, `meta`, `disagreement`, `suggested`,
 * `maxConfidence`, …) as query parameters; at most `limit` (≤ 500) of them.
 */
export async function listTasks(
  project: string,
  query: URLSearchParams | string,
  signal?: AbortSignal,
): Promise<TaskView[]> {
  const parameters = typeof query === 'string' ? new URLSearchParams({ status: query }) : new URLSearchParams(query);
  if (!parameters.has('limit')) parameters.set('limit', '100');
  const list = await requestJson<List<TaskView>>(`${projectPath(project)}/tasks?${parameters.toString()}`, { signal });
  return Array.isArray(list?.data) ? list.data : [];
}

/** Accepts by a rule (unanimous, majority; `dryRun` only counts) or rejects a selection with a comment. */
export function bulkReview(project: string, input: BulkReviewInput): Promise<BulkReviewResult> {
  return requestJson<BulkReviewResult>(`${projectPath(project)}/review`, { method: 'POST', body: input });
}

/** Stores an external model's predictions as suggestions with their confidence. */
export function importPredictions(project: string, input: PredictionsInput): Promise<PredictionsResult> {
  return requestJson<PredictionsResult>(`${projectPath(project)}/predictions`, { method: 'POST', body: input });
}

/** A task's label changes, oldest first. */
export async function taskHistory(project: string, taskId: string, signal?: AbortSignal): Promise<LabelEventView[]> {
  const list = await requestJson<List<LabelEventView>>(
    `${projectPath(project)}/tasks/${encodeURIComponent(taskId)}/history`,
    { signal },
  );
  return Array.isArray(list?.data) ? list.data : [];
}

/** Span offsets are sent as UTF-16 indices (what the browser's selection gives); the server converts. */
export function submitLabel(project: string, taskId: string, label: LabelValue): Promise<TaskView> {
  const body: LabelInput = { label, offsets: 'utf16' };
  return requestJson<TaskView>(`${projectPath(project)}/tasks/${encodeURIComponent(taskId)}/submit`, {
    method: 'POST',
    body,
  });
}

export function skipTask(project: string, taskId: string): Promise<TaskView> {
  return requestJson<TaskView>(`${projectPath(project)}/tasks/${encodeURIComponent(taskId)}/skip`, {
    method: 'POST',
    body: {},
  });
}

/** Accepts the annotators' label, or rejects the work with a comment (the answer is the task as stored). */
export function reviewTask(project: string, taskId: string, review: ReviewInput): Promise<LabelingTask> {
  return requestJson<LabelingTask>(`${projectPath(project)}/tasks/${encodeURIComponent(taskId)}/review`, {
    method: 'POST',
    body: review,
  });
}

/** Starts an export job of the accepted tasks of a project (follow it with getLabelingJob). */
export function exportLabels(project: string, format: LabelingExportFormat): Promise<Job> {
  const body: LabelingExportInput = { format };
  return requestJson<Job>(`${projectPath(project)}/exports`, { method: 'POST', body });
}

export function labelingExportFileUrl(project: string, exportId: string, file: string): string {
  return `${projectPath(project)}/exports/${encodeURIComponent(exportId)}/${encodeURIComponent(file)}`;
}

/** Starts model pre-labeling: suggestions for every task, shown to annotators as suggestions. */
export function startPrelabel(project: string, model: string): Promise<Job> {
  const body: AssistInput = { model };
  return requestJson<Job>(`${projectPath(project)}/prelabel`, { method: 'POST', body });
}

export function getLabelingJob(jobId: string, signal?: AbortSignal): Promise<Job> {
  return requestJson<Job>(`/v1/labeling/jobs/${encodeURIComponent(jobId)}`, { signal });
}

export function cancelLabelingJob(jobId: string): Promise<Job> {
  return requestJson<Job>(`/v1/labeling/jobs/${encodeURIComponent(jobId)}/cancel`, { method: 'POST', body: {} });
}
