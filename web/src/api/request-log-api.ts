import type { List } from '@kaiyuan/api-contract/list.ts';
import type { RequestLogEntry } from '@kaiyuan/api-contract/request-log.ts';
import { requestJson } from './http-client.ts';

export type { RequestLogEntry };

/** The filters of the request log page (empty fields are left out). */
export interface RequestLogFilter {
  model?: string;
  status?: string;
  errorCode?: string;
  orgId?: string;
  channel?: string;
  requestId?: string;
  errorsOnly?: boolean;
  /** Entries at or after this time (epoch ms). */
  from?: number;
  /** The next page: entries older than this entry id. */
  before?: string;
  limit?: number;
}

export async function listRequestLog(filter: RequestLogFilter, signal?: AbortSignal): Promise<RequestLogEntry[]> {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(filter)) {
    if (value === undefined || value === '' || value === false) continue;
    query.set(name, String(value));
  }
  const list = await requestJson<List<RequestLogEntry>>(`/admin/v1/request-log?${query.toString()}`, { signal });
  return Array.isArray(list?.data) ? list.data : [];
}

/** Every row of one request, with its bodies when the operator keeps them. */
export async function getRequest(requestId: string, signal?: AbortSignal): Promise<RequestLogEntry[]> {
  const list = await requestJson<List<RequestLogEntry>>(`/admin/v1/request-log/${encodeURIComponent(requestId)}`, {
    signal,
  });
  return Array.isArray(list?.data) ? list.data : [];
}
