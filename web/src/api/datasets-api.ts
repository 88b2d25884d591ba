import type {
  CreateDatasetInput,
  DataRecord,
  Dataset,
  DatasetDetail,
  DatasetExportResult,
  DatasetVersion,
  ExportDatasetInput,
  OperatorSample,
  OperatorStatistics,
  RecordPage,
  RunRecipeInput,
} from '@kaiyuan/api-contract/datasets.ts';
import { exportFormats, importFormats, type ExportFormat } from '@kaiyuan/api-contract/formats.ts';
import type { Job } from '@kaiyuan/api-contract/jobs.ts';
import type { List } from '@kaiyuan/api-contract/list.ts';
import { apiErrorFromBody, ApiError } from './api-error.ts';
import { csrfToken } from './csrf-token.ts';
import { requestJson } from './http-client.ts';

export type {
  DataRecord,
  Dataset,
  DatasetDetail,
  DatasetExportResult,
  DatasetVersion,
  ExportFormat,
  OperatorSample,
  OperatorStatistics,
};
export { exportFormats, importFormats };

const datasetPath = (dataset: string) => `/v1/datasets/${encodeURIComponent(dataset)}`;

export async function listDatasets(signal?: AbortSignal): Promise<Dataset[]> {
  const list = await requestJson<List<Dataset>>('/v1/datasets', { signal });
  return Array.isArray(list?.data) ? list.data : [];
}

export function createDataset(name: string, description: string): Promise<Dataset> {
  const body: CreateDatasetInput = { name, description };
  return requestJson<Dataset>('/v1/datasets', { method: 'POST', body });
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

export function runRecipe(dataset: string, recipe: string, fromVersion?: number): Promise<Job> {
  const body: RunRecipeInput = { recipe, fromVersion };
  return requestJson<Job>(`${datasetPath(dataset)}/runs`, { method: 'POST', body });
}

/** Starts an export job of a version (follow it with useJob; its result is a DatasetExportResult). */
export function startExport(
  dataset: string,
  version: number,
  format: ExportFormat,
  validationRatio: number,
): Promise<Job> {
  const body: ExportDatasetInput = { format, validationRatio };
  return requestJson<Job>(`${datasetPath(dataset)}/versions/${version}/exports`, { method: 'POST', body });
}

/** A file of a finished export job, for a download link. */
export function exportFileUrl(dataset: string, exportId: string, file: string): string {
  return `${datasetPath(dataset)}/exports/${encodeURIComponent(exportId)}/files/${encodeURIComponent(file)}`;
}

/**
 * Uploads a file for import with XMLHttpRequest (fetch cannot report upload progress) and
 * resolves to the import job. `onProgress` receives 0..1.
 */
/** Encodings offered on import (the server decodes any iconv-lite name; without one it detects). */
export const importEncodings = ['utf-8', 'gb18030', 'gbk', 'big5', 'utf-16le', 'shift_jis', 'windows-1252'] as const;

export function uploadImport(
  dataset: string,
  file: File,
  format: string | null,
  onProgress: (fraction: number) => void,
  encoding: string | null = null,
): Promise<Job> {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    if (format) form.append('format', format);
    if (encoding) form.append('encoding', encoding);
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
      if (request.status >= 200 && request.status < 300 && body) resolve(body as Job);
      else reject(apiErrorFromBody(request.status, body, `Upload failed (${request.status}).`));
    };
    request.send(form);
  });
}
