import type {
  CreditInput,
  CreditResult,
  Price,
  RedemptionBatch,
  RedemptionCode,
  RedemptionCodesInput,
} from '@kaiyuan/api-contract/billing.ts';
import type { DeploymentPatch, DeploymentView } from '@kaiyuan/api-contract/deployments.ts';
import type { List } from '@kaiyuan/api-contract/list.ts';
import type {
  CreateOrganizationInput,
  CreateUserInput,
  Organization,
  PlatformUser,
  UpdateOrganizationInput,
  UpdateUserInput,
} from '@kaiyuan/api-contract/organizations.ts';
import { requestJson } from './http-client.ts';

/** Operator-facing admin API: deployments, organizations, users, prices, redemption codes. */

export type { DeploymentView, Organization, PlatformUser, Price, RedemptionBatch, RedemptionCode, UpdateUserInput };

async function listOf<T>(path: string, signal?: AbortSignal): Promise<T[]> {
  const list = await requestJson<List<T>>(path, { signal });
  return Array.isArray(list?.data) ? list.data : [];
}

export const listDeployments = (signal?: AbortSignal) => listOf<DeploymentView>('/admin/v1/deployments', signal);
export const listOrganizations = (signal?: AbortSignal) => listOf<Organization>('/admin/v1/organizations', signal);
export const listUsers = (signal?: AbortSignal) => listOf<PlatformUser>('/admin/v1/users', signal);
export const listPrices = (signal?: AbortSignal) => listOf<Price>('/admin/v1/prices', signal);
export const listRedemptionCodes = (signal?: AbortSignal) =>
  listOf<RedemptionCode>('/admin/v1/redemption-codes', signal);

export function setDeploymentEnabled(id: string, enabled: boolean): Promise<DeploymentView> {
  const body: DeploymentPatch = { enabled };
  return requestJson<DeploymentView>(`/admin/v1/deployments/${encodeURIComponent(id)}`, { method: 'PATCH', body });
}

export function createOrganization(input: CreateOrganizationInput): Promise<Organization> {
  return requestJson<Organization>('/admin/v1/organizations', { method: 'POST', body: input });
}

export function getOrganization(orgId: string, signal?: AbortSignal): Promise<Organization> {
  return requestJson<Organization>(`/admin/v1/organizations/${encodeURIComponent(orgId)}`, { signal });
}

export function updateOrganization(orgId: string, changes: UpdateOrganizationInput): Promise<Organization> {
  return requestJson<Organization>(`/admin/v1/organizations/${encodeURIComponent(orgId)}`, {
    method: 'PATCH',
    body: changes,
  });
}

/** Credits a balance; without a description the ledger line reads "Top-up" in each reader's language. */
export function topUp(orgId: string, amount: string, description?: string): Promise<CreditResult> {
  const body: CreditInput = {
    kind: 'top_up',
    amount,
    ...(description ? { description } : {}),
    idempotencyKey: `console-${crypto.randomUUID()}`,
  };
  return requestJson<CreditResult>(`/admin/v1/organizations/${encodeURIComponent(orgId)}/top-ups`, {
    method: 'POST',
    body,
  });
}

export function createUser(input: CreateUserInput): Promise<PlatformUser> {
  return requestJson<PlatformUser>('/admin/v1/users', { method: 'POST', body: input });
}

export function updateUser(userId: string, changes: UpdateUserInput): Promise<PlatformUser> {
  return requestJson<PlatformUser>(`/admin/v1/users/${encodeURIComponent(userId)}`, { method: 'PATCH', body: changes });
}

export function generateRedemptionCodes(input: RedemptionCodesInput): Promise<RedemptionBatch> {
  return requestJson<RedemptionBatch>('/admin/v1/redemption-codes', { method: 'POST', body: input });
}
