import { requestJson } from './http-client.ts';

export type LedgerKind = 'top_up' | 'redemption' | 'usage_debit' | 'refund' | 'adjustment' | 'grant';

export interface LedgerEntry {
  object: 'ledger_entry';
  id: string;
  orgId: string;
  kind: LedgerKind | string;
  /** Signed decimal string in currency units (credits positive). */
  amount: string;
  amountNano: number;
  balanceAfter: string;
  idempotencyKey: string;
  description: string;
  createdAt: number;
}

export interface StatementLine {
  model: string;
  requests: number;
  promptTokens: number;
  completionTokens: number;
  cost: string;
  charged: string;
}

export interface MonthlyStatement {
  object: 'statement';
  orgId: string;
  month: string;
  currency: string;
  openingBalance: string;
  closingBalance: string;
  ledgerTotals: Record<string, string>;
  usage: StatementLine[];
  totalCost: string;
  totalCharged: string;
}

interface List<T> {
  object: 'list';
  data: T[];
}

const orgPath = (orgId: string) => `/admin/v1/organizations/${encodeURIComponent(orgId)}`;

export async function listLedger(orgId: string, signal?: AbortSignal): Promise<LedgerEntry[]> {
  const list = await requestJson<List<LedgerEntry>>(`${orgPath(orgId)}/ledger?limit=500`, { signal });
  return Array.isArray(list?.data) ? list.data : [];
}

export function fetchStatement(orgId: string, month: string, signal?: AbortSignal): Promise<MonthlyStatement> {
  return requestJson<MonthlyStatement>(`${orgPath(orgId)}/statements/${encodeURIComponent(month)}`, { signal });
}

export function redeemCode(code: string): Promise<LedgerEntry> {
  return requestJson<LedgerEntry>('/admin/v1/redeem', { method: 'POST', body: { code } });
}

/** The URL of a usage export; a plain same-origin GET carries the session cookie. */
export function usageExportUrl(format: 'csv' | 'json', range: { from: number; to: number }): string {
  const query = new URLSearchParams({ format, from: String(range.from), to: String(range.to) });
  return `/admin/v1/usage/export?${query.toString()}`;
}
