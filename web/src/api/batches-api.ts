import type { Batch, BatchEndpoint, BatchList, FileObject } from '@kaiyuan/api-contract/batches.ts';
import { batchEndpoints } from '@kaiyuan/api-contract/formats.ts';
import { apiErrorFromResponse } from './api-error.ts';
import { consoleHeaders, requestJson, sendRequest } from './http-client.ts';

export type { Batch, BatchEndpoint, FileObject };
export { batchEndpoints };

export function listBatches(signal?: AbortSignal): Promise<BatchList> {
  return requestJson<BatchList>('/v1/batches?limit=50', { signal });
}

export function cancelBatch(id: string): Promise<Batch> {
  return requestJson<Batch>(`/v1/batches/${encodeURIComponent(id)}/cancel`, { method: 'POST', body: {} });
}

/** Uploads a JSONL file (purpose batch) and starts a batch on it. */
export async function startBatch(file: File, endpoint: BatchEndpoint): Promise<Batch> {
  const form = new FormData();
  form.append('purpose', 'batch');
  form.append('file', file, file.name);
  const headers = consoleHeaders(false);
  const response = await fetch('/v1/files', { method: 'POST', body: form, headers, credentials: 'same-origin' });
  if (!response.ok) throw await apiErrorFromResponse(response);
  const uploaded = (await response.json()) as FileObject;
  return requestJson<Batch>('/v1/batches', {
    method: 'POST',
    body: { input_file_id: uploaded.id, endpoint, completion_window: '24h' },
  });
}

/** Downloads a result file through the browser (the session cookie authenticates it). */
export async function downloadFile(id: string, name: string): Promise<void> {
  const response = await sendRequest(`/v1/files/${encodeURIComponent(id)}/content`);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  URL.revokeObjectURL(url);
}

export function isBatchFinished(batch: Batch): boolean {
  return ['completed', 'failed', 'expired', 'cancelled'].includes(batch.status);
}
