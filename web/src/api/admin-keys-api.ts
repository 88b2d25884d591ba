import type { ApiKeyInfo, CreatedApiKey, CreateKeyInput, UpdateKeyInput } from '@kaiyuan/api-contract/api-keys.ts';
import type { List } from '@kaiyuan/api-contract/list.ts';
import { requestJson } from './http-client.ts';

export type { ApiKeyInfo, CreatedApiKey };

export async function listKeys(signal?: AbortSignal): Promise<ApiKeyInfo[]> {
  const list = await requestJson<List<ApiKeyInfo>>('/admin/v1/keys', { signal });
  return Array.isArray(list?.data) ? list.data : [];
}

export function createKey(input: CreateKeyInput): Promise<CreatedApiKey> {
  return requestJson<CreatedApiKey>('/admin/v1/keys', { method: 'POST', body: input });
}

export function updateKey(keyId: string, changes: UpdateKeyInput): Promise<ApiKeyInfo> {
  return requestJson<ApiKeyInfo>(`/admin/v1/keys/${encodeURIComponent(keyId)}`, { method: 'PATCH', body: changes });
}

export function revokeKey(keyId: string): Promise<ApiKeyInfo> {
  return requestJson<ApiKeyInfo>(`/admin/v1/keys/${encodeURIComponent(keyId)}`, { method: 'DELETE' });
}

export type KeyStatus = 'active' | 'disabled' | 'revoked' | 'expired';

export function keyStatus(key: ApiKeyInfo, now = Date.now()): KeyStatus {
  if (key.revokedAt !== null) return 'revoked';
  if (key.expiresAt !== null && key.expiresAt <= now) return 'expired';
  return key.enabled ? 'active' : 'disabled';
}
