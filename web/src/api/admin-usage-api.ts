import { requestJson } from './http-client.ts';
import type { KeyLimits } from './admin-keys-api.ts';

/** One metered request, as GET /admin/v1/usage returns it (amounts: decimal strings + nano-units). */
export interface UsageRecord {
  object: 'usage_record';
  requestId: string;
  orgId: string | null;
  keyId: string | null;
  userId: string | null;
  endpoint: string;
  model: string;
  deploymentId: string | null;
  provider: string | null;
  promptTokens: number;
  cachedTokens: number;
  completionTokens: number;
  reasoningTokens: number;
  cost: string;
  costNano: number;
  charged: string;
  chargedNano: number;
  funding: string;
  latencyMs: number;
  ttftMs: number | null;
  status: string;
  estimated: boolean;
  errorCode: string | null;
  createdAt: number;
}

export interface Balance {
  object: 'balance';
  orgId: string;
  currency: string;
  balance: string;
  balanceNano: number;
  spentTotal: string;
  planId: string;
  level: string;
}

export interface Plan {
  object: 'plan';
  id: string;
  name: string;
  freeTierOnly: boolean;
  monthlyGrantTokens: number;
  payAsYouGo: boolean;
  limits: KeyLimits;
  priority: number;
}

interface List<T> {
  object: 'list';
  data: T[];
}

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
