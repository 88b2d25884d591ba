import type { ExpressionBuilder, SelectQueryBuilder } from 'kysely';
import type { Database } from '../store/schema/index.ts';

/** Which usage records a report covers (every condition optional but the organization scope). */
export interface UsageFilter {
  /** null: every organization (operator only). */
  orgId: string | null;
  from?: number;
  to?: number;
  keyId?: string;
  model?: string;
  /** completed | client_disconnected | failed_midway | failed */
  status?: string;
  limit?: number;
}

/** What every usage report sums over a group of records. */
export interface UsageTotals {
  requests: number;
  promptTokens: number;
  completionTokens: number;
  /** Nano-units: what the upstream cost us, and what the organization was charged. */
  cost: number;
  charged: number;
}

/** Narrows a query on usage_records to the filter: [from, to) on the creation time, key, model, status. */
export function whereUsageMatches<Output>(
  query: SelectQueryBuilder<Database, 'usage_records', Output>,
  filter: UsageFilter,
): SelectQueryBuilder<Database, 'usage_records', Output> {
  let narrowed = query;
  if (filter.orgId) narrowed = narrowed.where('org_id', '=', filter.orgId);
  if (filter.from !== undefined) narrowed = narrowed.where('created_at', '>=', filter.from);
  if (filter.to !== undefined) narrowed = narrowed.where('created_at', '<', filter.to);
  if (filter.keyId) narrowed = narrowed.where('key_id', '=', filter.keyId);
  if (filter.model) narrowed = narrowed.where('model', '=', filter.model);
  if (filter.status) narrowed = narrowed.where('status', '=', filter.status);
  return narrowed;
}

/** The sums of a grouped usage query, as selections (read them back with toUsageTotals). */
export function usageTotalsSelection(eb: ExpressionBuilder<Database, 'usage_records'>) {
  return [
    eb.fn.countAll<number>().as('requests'),
    eb.fn.sum<number>('prompt_tokens').as('prompt_tokens'),
    eb.fn.sum<number>('completion_tokens').as('completion_tokens'),
    eb.fn.sum<number>('cost').as('cost'),
    eb.fn.sum<number>('charged').as('charged'),
  ] as const;
}

/** A row of usageTotalsSelection as numbers (PostgreSQL returns sums as strings, an empty group null). */
export function toUsageTotals(row: {
  requests: number | string;
  prompt_tokens: number | string | null;
  completion_tokens: number | string | null;
  cost: number | string | null;
  charged: number | string | null;
}): UsageTotals {
  return {
    requests: Number(row.requests),
    promptTokens: Number(row.prompt_tokens ?? 0),
    completionTokens: Number(row.completion_tokens ?? 0),
    cost: Number(row.cost ?? 0),
    charged: Number(row.charged ?? 0),
  };
}
