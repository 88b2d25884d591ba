import type { Balance, Plan } from '@kaiyuan/api-contract/billing.ts';
import type { List } from '@kaiyuan/api-contract/list.ts';
import type { UsageRecord } from '@kaiyuan/api-contract/usage.ts';
import { requestJson } from './http-client.ts';

export type { Balance, Plan, UsageRecord };

export async function listUsage(
  range: { from: number; to: number; limit?: number },
  signal?: AbortSignal,
): Promise<UsageRecord[]> {
  const query = new URLSearchParams({
    from: String(range.from),
    to: String(range.to),
    limit: String(range.limit ?? 20_000),
  });
  const list = await requestJson<List<UsageRecord>>(`/admin/v1/usage?${query.toString()}`, { signal });
  return Array.isArray(list?.data) ? list.data : [];
}

export function fetchBalance(signal?: AbortSignal): Promise<Balance> {
  return requestJson<Balance>('/admin/v1/balance', { signal });
}

export async function listPlans(signal?: AbortSignal): Promise<Plan[]> {
  const list = await requestJson<List<Plan>>('/admin/v1/plans', { signal });
  return Array.isArray(list?.data) ? list.data : [];
}
