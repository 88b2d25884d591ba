import type { UsageRecord } from '../../api/admin-usage-api.ts';

export type Dimension = 'model' | 'key';

export interface UsageSeries {
  name: string;
  requests: number[];
  tokens: number[];
  /** In currency units. */
  spend: number[];
}

export interface UsageSummary {
  /** Start time of each bucket (epoch ms). */
  buckets: number[];
  series: UsageSeries[];
  totals: { requests: number; tokens: number; spend: number; errors: number };
}

const nanoPerUnit = 1_000_000_000;

export function isFailure(record: UsageRecord): boolean {
  return record.status !== 'completed' || record.errorCode !== null;
}

/**
 * Groups usage records into time buckets and series (one per model or per key), for charts.
 * `nameOf` turns a key id (or null for console sessions) into a label.
 */
export function aggregateUsage(
  records: readonly UsageRecord[],
  options: { from: number; to: number; bucketMs: number; dimension: Dimension; nameOf(keyId: string | null): string },
): UsageSummary {
  const count = Math.max(1, Math.ceil((options.to - options.from) / options.bucketMs));
  const buckets = Array.from({ length: count }, (_, index) => options.from + index * options.bucketMs);
  const seriesByName = new Map<string, UsageSeries>();
  const totals = { requests: 0, tokens: 0, spend: 0, errors: 0 };
  for (const record of records) {
    if (record.createdAt < options.from || record.createdAt >= options.to) continue;
    const index = Math.min(count - 1, Math.floor((record.createdAt - options.from) / options.bucketMs));
    const name = options.dimension === 'model' ? record.model : options.nameOf(record.keyId);
    let series = seriesByName.get(name);
    if (!series) {
      series = {
        name,
        requests: new Array<number>(count).fill(0),
        tokens: new Array<number>(count).fill(0),
        spend: new Array<number>(count).fill(0),
      };
      seriesByName.set(name, series);
    }
    const tokens = record.promptTokens + record.completionTokens;
    const spend = (record.chargedNano ?? 0) / nanoPerUnit;
    series.requests[index]! += 1;
    series.tokens[index]! += tokens;
    series.spend[index]! += spend;
    totals.requests += 1;
    totals.tokens += tokens;
    totals.spend += spend;
    if (isFailure(record)) totals.errors += 1;
  }
  const series = [...seriesByName.values()].sort((a, b) => sum(b.requests) - sum(a.requests));
  return { buckets, series, totals };
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

export const ranges = {
  '24h': { durationMs: 24 * 3_600_000, bucketMs: 3_600_000 },
  '7d': { durationMs: 7 * 86_400_000, bucketMs: 6 * 3_600_000 },
  '30d': { durationMs: 30 * 86_400_000, bucketMs: 86_400_000 },
} as const;
export type RangeName = keyof typeof ranges;

/** The [from, to) window of a range ending now, aligned to whole buckets. */
export function rangeWindow(name: RangeName, now = Date.now()): { from: number; to: number; bucketMs: number } {
  const { durationMs, bucketMs } = ranges[name];
  const to = Math.ceil(now / bucketMs) * bucketMs;
  return { from: to - durationMs, to, bucketMs };
}
