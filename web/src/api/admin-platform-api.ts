import { requestJson } from './http-client.ts';
import type { KeyLimits } from './admin-keys-api.ts';

/** Operator-facing admin API: deployments, organizations, users, prices, redemption codes. */

export interface DeploymentState {
  id: string;
  model: string;
  provider: string;
  protocol: string;
  upstream_model: string;
  weight: number;
  priority: number;
  tags: string[];
  enabled: boolean;
  max_concurrency: number | null;
  circuit: string;
  health: string;
  inflight: number;
  requests: number;
  error_rate: number;
  ttft_ewma_ms: number | null;
  last_error: string | null;
}

export interface Organization {
  object: 'organization';
  id: string;
  name: string;
  planId: string;
  limits: KeyLimits;
  residencyTags: string[];
  enabled: boolean;
  createdAt: number;
}

export interface PlatformUser {
  object: 'user';
  id: string;
  orgId: string;
  email: string;
  name: string;
  role: string;
  isOperator: boolean;
  enabled: boolean;
  createdAt: number;
}

export interface Price {
  object: 'price';
  model: string;
  input: number;
  cachedInput: number;
  output: number;
  currency: string;
  freeTier: boolean;
  isDefault: boolean;
}

export interface RedemptionCode {
  object: 'redemption_code';
  id: string;
  batchId: string;
  amount: string;
  createdAt: number;
  expiresAt: number | null;
  redeemedOrgId: string | null;
  redeemedAt: number | null;
}

export interface RedemptionBatch {
  batchId: string;
  amount: string;
  codes: string[];
  expiresAt: number | null;
}

interface List<T> {
  object: 'list';
  data: T[];
}

async function listOf<T>(path: string, signal?: AbortSignal): Promise<T[]> {
  const list = await requestJson<List<T>>(path, { signal });
  return Array.isArray(list?.data) ? list.data : [];
}

export const listDeployments = (signal?: AbortSignal) => listOf<DeploymentState>('/admin/v1/deployments', signal);
export const listOrganizations = (signal?: AbortSignal) => listOf<Organization>('/admin/v1/organizations', signal);
export const listUsers = (signal?: AbortSignal) => listOf<PlatformUser>('/admin/v1/users', signal);
export const listPrices = (signal?: AbortSignal) => listOf<Price>('/admin/v1/prices', signal);
export const listRedemptionCodes = (signal?: AbortSignal) =>
  listOf<RedemptionCode>('/admin/v1/redemption-codes', signal);

export function setDeploymentEnabled(id: string, enabled: boolean): Promise<DeploymentState> {
  return requestJson<DeploymentState>(`/admin/v1/deployments/${encodeURIComponent(id)}`, {
    method: 'PATCH',
    body: { enabled },
  });
}

export function createOrganization(input: { name: string; plan?: string }): Promise<Organization> {
  return requestJson<Organization>('/admin/v1/organizations', { method: 'POST', body: input });
}

export function updateOrganization(
  orgId: string,
  changes: { plan?: string; enabled?: boolean; name?: string },
): Promise<Organization> {
  return requestJson<Organization>(`/admin/v1/organizations/${encodeURIComponent(orgId)}`, {
    method: 'PATCH',
    body: changes,
  });
}

export function topUp(orgId: string, amount: string, description: string): Promise<unknown> {
  return requestJson(`/admin/v1/organizations/${encodeURIComponent(orgId)}/top-ups`, {
    method: 'POST',
    body: { kind: 'top_up', amount, description, idempotencyKey: `console-${crypto.randomUUID()}` },
  });
}

export function createUser(input: {
  orgId: string;
  email: string;
  name: string;
  role: string;
  password: string;
}): Promise<PlatformUser> {
  return requestJson<PlatformUser>('/admin/v1/users', { method: 'POST', body: input });
}

export function updateUser(userId: string, changes: { enabled?: boolean; role?: string }): Promise<PlatformUser> {
  return requestJson<PlatformUser>(`/admin/v1/users/${encodeURIComponent(userId)}`, { method: 'PATCH', body: changes });
}

export function generateRedemptionCodes(input: { count: number; amount: string }): Promise<RedemptionBatch> {
  return requestJson<RedemptionBatch>('/admin/v1/redemption-codes', { method: 'POST', body: input });
}
