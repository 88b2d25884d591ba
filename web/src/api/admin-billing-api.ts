import type { LedgerEntry, MonthlyStatement, RedeemInput, StatementLine } from '@kaiyuan/api-contract/billing.ts';
import type { List } from '@kaiyuan/api-contract/list.ts';
import { requestJson } from './http-client.ts';

export type { LedgerEntry, MonthlyStatement, StatementLine };

const orgPath = (orgId: string) => `/admin/v1/organizations/${encodeURIComponent(orgId)}`;

export async function listLedger(orgId: string, signal?: AbortSignal): Promise<LedgerEntry[]> {
  const list = await requestJson<List<LedgerEntry>>(`${orgPath(orgId)}/ledger?limit=500`, { signal });
  return Array.isArray(list?.data) ? list.data : [];
}

export function fetchStatement(orgId: string, month: string, signal?: AbortSignal): Promise<MonthlyStatement> {
  return requestJson<MonthlyStatement>(`${orgPath(orgId)}/statements/${encodeURIComponent(month)}`, { signal });
}

export function redeemCode(code: string): Promise<LedgerEntry> {
  const body: RedeemInput = { code };
  return requestJson<LedgerEntry>('/admin/v1/redeem', { method: 'POST', body });
}

/** The URL of a usage export; a plain same-origin GET carries the session cookie. */
export function usageExportUrl(format: 'csv' | 'json', range: { from: number; to: number }): string {
  const query = new URLSearchParams({ format, from: String(range.from), to: String(range.to) });
  return `/admin/v1/usage/export?${query.toString()}`;
}
