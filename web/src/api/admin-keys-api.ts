import { requestJson } from './http-client.ts';

export interface KeyLimits {
  rpm?: number;
  rpd?: number;
  tpm?: number;
  tpd?: number;
}

export interface ApiKeyInfo {
  object: 'api_key';
  id: string;
  orgId: string;
  userId: string | null;
  name: string;
  role: string;
  /** The first characters of the key, for recognising it in lists. */
  prefix: string;
  allowedModels: string[];
  residencyTags: string[];
  limits: KeyLimits;
  expiresAt: number | null;
  enabled: boolean;
  createdAt: number;
  revokedAt: number | null;
}

export interface CreatedApiKey extends ApiKeyInfo {
  /** The secret key: present in the create response only. */
  key: string;
}

export interface KeyInput {
  name?: string;
  allowedModels?: string[];
  limits?: KeyLimits;
  expiresAt?: number | null;
  enabled?: boolean;
}

interface List<T> {
  object: 'list';
  data: T[];
}

export async function listKeys(signal?: AbortSignal): Promise<ApiKeyInfo[]> {
  const list = await requestJson<List<ApiKeyInfo>>('/admin/v1/keys', { signal });
  return Array.isArray(list?.data) ? list.data : [];
}

export function createKey(input: KeyInput): Promise<CreatedApiKey> {
  return requestJson<CreatedApiKey>('/admin/v1/keys', { method: 'POST', body: input });
}

export function updateKey(keyId: string, changes: KeyInput): Promise<ApiKeyInfo> {
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
