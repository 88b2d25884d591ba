import type {
  ApiKeyInfo,
  CreatedApiKey,
  CreateKeyInput,
  KeyUsage,
  UpdateKeyInput,
} from '@kaiyuan/api-contract/api-keys.ts';
import type { List } from '@kaiyuan/api-contract/list.ts';
import { requestJson } from './http-client.ts';

export type { ApiKeyInfo, CreatedApiKey, KeyUsage };

export async function listKeys(signal?: AbortSignal): Promise<ApiKeyInfo[]> {
  const list = await requestJson<List<ApiKeyInfo>>('/admin/v1/keys', { signal });
  return Array.isArray(list?.data) ? list.data : [];
}

/** Per key: last used (90 days), this month's requests and spend, today's requests and tokens. */
export async function listKeyUsage(signal?: AbortSignal): Promise<KeyUsage[]> {
  const list = await requestJson<List<KeyUsage>>('/admin/v1/keys/usage', { signal });
  return Array.isArray(list?.data) ? list.data : [];
}

/** What a key may still do today under its own per-day limits (null: no such limit of its own). */
export function remainingToday(
  key: ApiKeyInfo,
  usage: KeyUsage | undefined,
): { requests: number | null; tokens: number | null } {
  const rpd = key.limits.rpd;
  const tpd = key.limits.tpd;
  return {
    requests: typeof rpd === 'number' ? Math.max(0, rpd - (usage?.requestsToday ?? 0)) : null,
    tokens: typeof tpd === 'number' ? Math.max(0, tpd - (usage?.tokensToday ?? 0)) : null,
  };
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
