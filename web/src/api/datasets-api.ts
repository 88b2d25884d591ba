import { apiErrorFromBody, ApiError } from './api-error.ts';
import { csrfToken } from './csrf-token.ts';
import { requestJson } from './http-client.ts';

export interface Dataset {
  object: 'dataset';
  id: string;
  orgId: string;
  name: string;
  description: string;
  latestVersion: number;
  createdAt: number;
  updatedAt: number;
}

export interface OperatorStatistics {
  step: number;
  operator: string;
  in: number;
  out: number;
  dropped: number;
  modified: number;
  added: number;
  details: Record<string, number>;
}

export interface OperatorSample {
  step: number;
  operator: string;
  action: 'dropped' | 'modified' | 'split';
  recordId: string;
  reason: string;
  before: string;
  after?: string;
}

export interface DatasetVersion {
  object: 'dataset.version';
  id: string;
  datasetId: string;
  version: number;
  parentVersion: number | null;
  kind: 'import' | 'recipe';
  recipe: string | null;
  source: Record<string, unknown>;
  recordCount: number;
  textBytes: number;
  statistics: OperatorStatistics[];
  samples?: OperatorSample[];
  createdAt: number;
}

export interface DatasetDetail extends Dataset {
  versions: DatasetVersion[];
}

export interface DataRecord {
  id: string;
  text?: string;
  messages?: { role: string; content: string }[];
  chosen?: string;
  rejected?: string;
  meta?: Record<string, unknown>;
}

export interface RecordPage {
  total: number;
  offset: number;
  limit: number;
  data: DataRecord[];
}

export interface ExportSummary {
  files: string[];
  train: number;
  validation: number;
  rejected: number;
  rejections: Record<string, number>;
}

export const exportFormats = ['openai', 'alpaca', 'sharegpt', 'dpo'] as const;
export type ExportFormat = (typeof exportFormats)[number];

export const importFormats = ['jsonl', 'json', 'csv', 'parquet', 'txt', 'markdown', 'html', 'docx', 'pdf'] as const;

const datasetPath = (dataset: string) => `/v1/datasets/${encodeURIComponent(dataset)}`;

export async function listDatasets(signal?: AbortSignal): Promise<Dataset[]> {
  const list = await requestJson<{ data: Dataset[] }>('/v1/datasets', { signal });
  return Array.isArray(list?.data) ? list.data : [];
}

export function createDataset(name: string, description: string): Promise<Dataset> {
  return requestJson<Dataset>('/v1/datasets', { method: 'POST', body: { name, description } });
}

export function getDataset(dataset: string, signal?: AbortSignal): Promise<DatasetDetail> {
  return requestJson<DatasetDetail>(datasetPath(dataset), { signal });
}

export function getVersion(dataset: string, version: number, signal?: AbortSignal): Promise<DatasetVersion> {
  return requestJson<DatasetVersion>(`${datasetPath(dataset)}/versions/${version}`, { signal });
}

export function browseRecords(
  dataset: string,
  version: number,
  offset: number,
  limit: number,
  signal?: AbortSignal,
): Promise<RecordPage> {
  return requestJson<RecordPage>(
    `${datasetPath(dataset)}/versions/${version}/records?offset=${offset}&limit=${limit}`,
    { signal },
  );
}

export function runRecipe(dataset: string, recipe: string, fromVersion?: number): Promise<{ id: string }> {
  return requestJson<{ id: string }>(`${datasetPath(dataset)}/runs`, { method: 'POST', body: { recipe, fromVersion } });
}

export function exportVersion(
  dataset: string,
  version: number,
  format: ExportFormat,
  validationRatio: number,
): Promise<ExportSummary> {
  return requestJson<ExportSummary>(
    `${datasetPath(dataset)}/versions/${version}/export?format=${format}&validationRatio=${validationRatio}`,
  );
}

export function exportFileUrl(
  dataset: string,
  version: number,
  format: ExportFormat,
  validationRatio: number,
  file: string,
): string {
  return `${datasetPath(dataset)}/versions/${version}/export?format=${format}&validationRatio=${validationRatio}&file=${encodeURIComponent(file)}`;
}

/**
 * Uploads a file for import with XMLHttpRequest (fetch cannot report upload progress) and
 * resolves to the import job. `onProgress` receives 0..1.
 */
export function uploadImport(
  dataset: string,
  file: File,
  format: string | null,
  onProgress: (fraction: number) => void,
): Promise<{ id: string }> {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    if (format) form.append('format', format);
    form.append('file', file, file.name);
    const request = new XMLHttpRequest();
    request.open('POST', `${datasetPath(dataset)}/imports`);
    request.withCredentials = true;
    const token = csrfToken();
    if (token) request.setRequestHeader('x-csrf-token', token);
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    request.onerror = () =>
      reject(new ApiError('Network error during the upload.', { status: 0, code: 'network_error' }));
    request.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(request.responseText);
      } catch {
        // not JSON
      }
      if (request.status >= 200 && request.status < 300 && body) resolve(body as { id: string });
      else reject(apiErrorFromBody(request.status, body, `Upload failed (${request.status}).`));
    };
    request.send(form);
  });
}
