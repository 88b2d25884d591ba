import { sql } from 'kysely';
import type { Store } from '../store/database.ts';
import type { UsageRecordsTable } from '../store/schema/billing-tables.ts';
import { invalidRequest } from '../util/errors.ts';
import { toCsv } from './csv.ts';
import { formatAmount } from './money.ts';
import {
  toUsageTotals,
  usageTotalsSelection,
  whereUsageMatches,
  type UsageFilter,
  type UsageTotals,
} from './usage-aggregates.ts';

export interface UsageRecord {
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
  cost: number;
  charged: number;
  funding: string;
  latencyMs: number;
  ttftMs: number | null;
  status: string;
  estimated: boolean;
  errorCode: string | null;
  createdAt: number;
}

export function toUsageRecord(row: UsageRecordsTable): UsageRecord {
  return {
    requestId: row.request_id,
    orgId: row.org_id,
    keyId: row.key_id,
    userId: row.user_id,
    endpoint: row.endpoint,
    model: row.model,
    deploymentId: row.deployment_id,
    provider: row.provider,
    promptTokens: Number(row.prompt_tokens),
    cachedTokens: Number(row.cached_tokens),
    completionTokens: Number(row.completion_tokens),
    reasoningTokens: Number(row.reasoning_tokens),
    cost: Number(row.cost),
    charged: Number(row.charged),
    funding: row.funding,
    latencyMs: Number(row.latency_ms),
    ttftMs: row.ttft_ms === null ? null : Number(row.ttft_ms),
    status: row.status,
    estimated: row.estimated === 1,
    errorCode: row.error_code,
    createdAt: Number(row.created_at),
  };
}

export interface UsageSummaryRow extends UsageTotals {
  /** Start of the hour or day (epoch ms, UTC). */
  bucket: number;
  model: string;
  keyId: string | null;
  /** Requests that did not complete. */
  errors: number;
}

const csvHeader = [
  'created_at',
  'request_id',
  'org_id',
  'key_id',
  'endpoint',
  'model',
  'provider',
  'deployment_id',
  'status',
  'prompt_tokens',
  'cached_tokens',
  'completion_tokens',
  'reasoning_tokens',
  'cost',
  'charged',
  'funding',
  'latency_ms',
  'ttft_ms',
  'estimated',
  'error_code',
];

export class UsageReports {
  constructor(private readonly store: Store) {}

  async list(filter: UsageFilter): Promise<UsageRecord[]> {
    const rows = await whereUsageMatches(this.store.db.selectFrom('usage_records').selectAll(), filter)
      .orderBy('created_at', 'desc')
      .orderBy('request_id')
      .limit(Math.min(filter.limit ?? 1000, 100_000))
      .execute();
    return rows.map(toUsageRecord);
  }

  /** CSV with amounts in currency units; formula-injection safe. */
  async exportCsv(filter: UsageFilter): Promise<string> {
    const records = await this.list({ ...filter, limit: filter.limit ?? 100_000 });
    return toCsv(
      csvHeader,
      records.map((record) => [
        new Date(record.createdAt).toISOString(),
        record.requestId,
        record.orgId,
        record.keyId,
        record.endpoint,
        record.model,
        record.provider,
        record.deploymentId,
        record.status,
        record.promptTokens,
        record.cachedTokens,
        record.completionTokens,
        record.reasoningTokens,
        formatAmount(record.cost),
        formatAmount(record.charged),
        record.funding,
        record.latencyMs,
        record.ttftMs,
        record.estimated ? 1 : 0,
        record.errorCode,
      ]),
    );
  }

  /** Requests, tokens and spend per time bucket, model and key (the console's charts). */
  async summary(filter: UsageFilter, bucket: 'hour' | 'day'): Promise<UsageSummaryRow[]> {
    const size = bucket === 'hour' ? 3_600_000 : 86_400_000;
    const query = this.store.db
      .selectFrom('usage_records')
      .select((eb) => [
        sql<number>`created_at - (created_at % ${size})`.as('bucket'),
        'model',
        'key_id',
        ...usageTotalsSelection(eb),
        sql<number>`sum(case when status = 'completed' then 0 else 1 end)`.as('errors'),
      ]);
    // Errors are part of the summary: every status counts.
    const rows = await whereUsageMatches(query, { ...filter, status: undefined })
      .groupBy([sql`1`, 'model', 'key_id'])
      .orderBy(sql`1`)
      .limit(10_000)
      .execute();
    return rows.map((row) => ({
      bucket: Number(row.bucket),
      model: row.model,
      keyId: row.key_id,
      ...toUsageTotals(row),
      errors: Number(row.errors ?? 0),
    }));
  }

  async exportJson(filter: UsageFilter): Promise<string> {
    return JSON.stringify({ object: 'list', data: await this.list({ ...filter, limit: filter.limit ?? 100_000 }) });
  }
}

/** `YYYY-MM` → [start, end) in epoch ms (UTC). */
export function monthRange(month: string): { from: number; to: number } {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (!match || Number(match[2]) < 1 || Number(match[2]) > 12)
    throw invalidRequest(`Invalid month '${month}': expected YYYY-MM.`, 'month');
  const year = Number(match[1]);
  const monthIndex = Number(match[2]) - 1;
  return { from: Date.UTC(year, monthIndex, 1), to: Date.UTC(year, monthIndex + 1, 1) };
}
