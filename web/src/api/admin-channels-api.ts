import type {
  AuditEntry,
  ChannelCreate,
  ChannelPatch,
  ChannelTestResult,
  ChannelView,
} from '@kaiyuan/api-contract/channels.ts';
import type { List } from '@kaiyuan/api-contract/list.ts';
import { requestJson } from './http-client.ts';

/** Operator-facing channel administration and the audit trail. */
export type { AuditEntry, ChannelCreate, ChannelTestResult, ChannelView };

export async function listChannels(signal?: AbortSignal): Promise<ChannelView[]> {
  const list = await requestJson<List<ChannelView>>('/admin/v1/channels', { signal });
  return Array.isArray(list?.data) ? list.data : [];
}

export function createChannel(
  input: Partial<ChannelCreate> & Pick<ChannelCreate, 'name' | 'models'>,
): Promise<ChannelView> {
  return requestJson<ChannelView>('/admin/v1/channels', { method: 'POST', body: input });
}

export function updateChannel(name: string, patch: ChannelPatch): Promise<ChannelView> {
  return requestJson<ChannelView>(`/admin/v1/channels/${encodeURIComponent(name)}`, { method: 'PATCH', body: patch });
}

export function deleteChannel(name: string): Promise<unknown> {
  return requestJson<unknown>(`/admin/v1/channels/${encodeURIComponent(name)}`, { method: 'DELETE' });
}

export function testChannel(name: string): Promise<ChannelTestResult> {
  return requestJson<ChannelTestResult>(`/admin/v1/channels/${encodeURIComponent(name)}/test`, {
    method: 'POST',
    body: {},
  });
}

export async function listAudit(signal?: AbortSignal): Promise<AuditEntry[]> {
  const list = await requestJson<List<AuditEntry>>('/admin/v1/audit?limit=200', { signal });
  return Array.isArray(list?.data) ? list.data : [];
}

/** The whole trail as JSON Lines (a download link with the session cookie). */
export const auditExportUrl = '/admin/v1/audit?format=jsonl&limit=1000';
