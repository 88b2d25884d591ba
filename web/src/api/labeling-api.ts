import { requestJson } from './http-client.ts';
import type { Job } from './jobs-api.ts';

export type LabelSchema =
  | { kind: 'classification'; labels: string[]; multiple: boolean }
  | { kind: 'spans'; labels: string[] }
  | { kind: 'rating'; min: number; max: number }
  | { kind: 'preference'; allowTie: boolean }
  | { kind: 'response' }
  | { kind: 'qa_review' };
export type LabelKind = LabelSchema['kind'];

export interface Span {
  start: number;
  end: number;
  label: string;
  text?: string;
}

export type LabelValue =
  | { choice: string }
  | { choices: string[] }
  | { spans: Span[] }
  | { rating: number }
  | { preferred: 'a' | 'b' | 'tie' }
  | { answer: string }
  | { pairs: { question: string; answer: string; keep: boolean }[] };

export interface LabelingProject {
  object: 'labeling.project';
  id: string;
  name: string;
  description: string;
  datasetId: string;
  datasetVersion: number;
  labelSchema: LabelSchema;
  overlap: number;
  instructions: string;
  annotators: string[];
  taskCount: number;
  createdAt: number;
}

export interface AssignmentView {
  id: string;
  annotatorId: string;
  status: string;
  label: LabelValue | null;
  reviewComment: string | null;
  submittedAt: number | null;
}

export interface TaskView {
  object: 'labeling.task';
  id: string | null;
  done?: boolean;
  projectId: string;
  position: number;
  recordId: string;
  status: 'open' | 'submitted' | 'accepted' | 'rejected';
  content: {
    text?: string;
    prompt?: { role: string; content: string }[];
    responses?: { a: string; b: string } | null;
    answer?: string | null;
  };
  suggestions: { id: string; model: string; value: LabelValue }[];
  assignment?: AssignmentView | null;
  assignments?: AssignmentView[];
  review?: { finalLabel: LabelValue | null; comment: string | null } | null;
}

export interface ProgressReport {
  tasks: { total: number; open: number; submitted: number; accepted: number; rejected: number };
  assignments: { total: number; pending: number; draft: number; skipped: number; submitted: number };
  percentLabeled: number;
  percentAccepted: number;
}

export interface AgreementReport {
  kind: LabelKind;
  items: number;
  annotators: string[];
  overall: {
    cohensKappa: number | null;
    fleissKappa: number | null;
    krippendorffAlpha: number | null;
    observedAgreement: number | null;
    spanF1: number | null;
  };
}

export interface NewProject {
  name: string;
  dataset: string;
  version?: number;
  labelSchema: LabelSchema;
  overlap?: number;
  instructions?: string;
  annotators?: string[];
}

const projectPath = (project: string) => `/v1/labeling/projects/${encodeURIComponent(project)}`;

export async function listProjects(signal?: AbortSignal): Promise<LabelingProject[]> {
  const list = await requestJson<{ data: LabelingProject[] }>('/v1/labeling/projects', { signal });
  return Array.isArray(list?.data) ? list.data : [];
}

export function createProject(input: NewProject): Promise<LabelingProject> {
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

export function nextTask(project: string, signal?: AbortSignal): Promise<TaskView> {
  return requestJson<TaskView>(`${projectPath(project)}/next`, { signal });
}

export async function listTasks(project: string, status: string, signal?: AbortSignal): Promise<TaskView[]> {
  const list = await requestJson<{ data: TaskView[] }>(
    `${projectPath(project)}/tasks?status=${encodeURIComponent(status)}&limit=100`,
    { signal },
  );
  return Array.isArray(list?.data) ? list.data : [];
}

/** Span offsets are sent as UTF-16 indices (what the browser's selection gives); the server converts. */
export function submitLabel(project: string, taskId: string, label: LabelValue): Promise<TaskView> {
  return requestJson<TaskView>(`${projectPath(project)}/tasks/${encodeURIComponent(taskId)}/submit`, {
    method: 'POST',
    body: { label, offsets: 'utf16' },
  });
}

export function skipTask(project: string, taskId: string): Promise<TaskView> {
  return requestJson<TaskView>(`${projectPath(project)}/tasks/${encodeURIComponent(taskId)}/skip`, {
    method: 'POST',
    body: {},
  });
}

export function reviewTask(
  project: string,
  taskId: string,
  action: 'accept' | 'reject',
  comment?: string,
): Promise<TaskView> {
  return requestJson<TaskView>(`${projectPath(project)}/tasks/${encodeURIComponent(taskId)}/review`, {
    method: 'POST',
    body: { action, comment },
  });
}

export const labelingExportFormats = [
  'openai',
  'alpaca',
  'sharegpt',
  'dpo',
  'llamafactory-dpo',
  'classification',
  'ner-jsonl',
  'conll',
] as const;
export type LabelingExportFormat = (typeof labelingExportFormats)[number];

export interface LabelingExport {
  id: string;
  files: string[];
  train: number;
  validation: number;
  rejected: number;
}

/** Exports the accepted tasks of a project. */
export function exportLabels(project: string, format: LabelingExportFormat): Promise<LabelingExport> {
  return requestJson<LabelingExport>(`${projectPath(project)}/exports`, { method: 'POST', body: { format } });
}

export function labelingExportFileUrl(project: string, exportId: string, file: string): string {
  return `${projectPath(project)}/exports/${encodeURIComponent(exportId)}/${encodeURIComponent(file)}`;
}

/** Starts model pre-labeling: suggestions for every task, shown to annotators as suggestions. */
export function startPrelabel(project: string, model: string): Promise<Job> {
  return requestJson<Job>(`${projectPath(project)}/prelabel`, { method: 'POST', body: { model } });
}

export function getLabelingJob(jobId: string, signal?: AbortSignal): Promise<Job> {
  return requestJson<Job>(`/v1/labeling/jobs/${encodeURIComponent(jobId)}`, { signal });
}

export function cancelLabelingJob(jobId: string): Promise<Job> {
  return requestJson<Job>(`/v1/labeling/jobs/${encodeURIComponent(jobId)}/cancel`, { method: 'POST', body: {} });
}
