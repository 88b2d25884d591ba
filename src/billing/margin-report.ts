import { sql, type RawBuilder } from 'kysely';
import type { MarginDimension, MarginLine, MarginReport } from '../api-contract/pricing.ts';
import type { Store } from '../store/database.ts';
import { toCsv } from './csv.ts';
import { formatAmount } from './money.ts';
import { localTime } from './pricing/time-window.ts';

const dayMs = 86_400_000;

interface Totals {
  requests: number;
  prompt: number;
  cached: number;
  cacheWrite: number;
  completion: number;
  reasoning: number;
  revenue: number;
  listPrice: number;
  upstreamCost: number;
}

export interface MarginQuery {
  from: number;
  to: number;
  by: MarginDimension;
}

/**
 * Operator economics from the usage records: revenue (what balances were debited — the ledger's
 * usage debits, to the nano-unit), the price by the rules (also what grants and packages covered),
 * upstream cost, gross margin, tokens and the cache-hit ratio; by day, model, channel, plan or
 * organization. Plus the cost of the free tier, free → paid conversion, top customers and models
 * sold below cost. Aggregated in the database, one scan of the period.
 */
export class MarginReports {
  constructor(
    private readonly store: Store,
    private readonly currency: string,
    private readonly timezone: string,
  ) {}

  async report(query: MarginQuery): Promise<MarginReport> {
    const { from, to, by } = query;
    const rows = await this.grouped(by, from, to);
    const lines = rows.map(({ key, totals }) => line(key, totals));
    const totals = line('total', sum(rows.map((row) => row.totals)));
    const byModel = by === 'model' ? rows : await this.grouped('model', from, to);
    const byOrganization = by === 'organization' ? rows : await this.grouped('organization', from, to);
    const names = await this.organizationNames(byOrganization.map((row) => row.key));
    const [freeTier, conversion, ledgerDebits] = await Promise.all([
      this.freeTier(from, to),
      this.conversion(from, to),
      this.ledgerUsageDebits(from, to),
    ]);
    return {
      object: 'margin_report',
      from,
      to,
      by,
      currency: this.currency,
      timezone: this.timezone,
      lines,
      totals,
      free_tier: freeTier,
      conversion,
      top_customers: byOrganization
        .filter((row) => row.key !== '-' && row.totals.revenue > 0)
        .sort((left, right) => right.totals.revenue - left.totals.revenue)
        .slice(0, 10)
        .map((row) => ({
          organization: names.get(row.key) ?? row.key,
          revenue: formatAmount(row.totals.revenue),
          revenueNano: row.totals.revenue,
          gross_margin: formatAmount(row.totals.revenue - row.totals.upstreamCost),
        })),
      negative_margin: byModel
        .filter((row) => row.totals.upstreamCost > row.totals.listPrice)
        .map((row) => ({
          model: row.key,
          revenue: formatAmount(row.totals.revenue),
          upstream_cost: formatAmount(row.totals.upstreamCost),
          grossMarginNano: row.totals.listPrice - row.totals.upstreamCost,
        })),
      ledger_usage_debits_nano: ledgerDebits,
    };
  }

  /** The report's lines and totals as CSV (amounts in currency units). */
  static toCsv(report: MarginReport): string {
    const header = [
      report.by,
      'requests',
      'prompt_tokens',
      'cached_tokens',
      'cache_write_tokens',
      'completion_tokens',
      'reasoning_tokens',
      'cache_hit_ratio',
      'revenue',
      'list_price',
      'upstream_cost',
      'gross_margin',
      'margin_percent',
    ];
    const row = (item: MarginLine) => [
      item.key,
      item.requests,
      item.prompt_tokens,
      item.cached_tokens,
      item.cache_write_tokens,
      item.completion_tokens,
      item.reasoning_tokens,
      item.cache_hit_ratio,
      item.revenue,
      item.list_price,
      item.upstream_cost,
      item.gross_margin,
      item.margin_percent ?? '',
    ];
    return toCsv(header, [...report.lines.map(row), row(report.totals)]);
  }

  private async grouped(
    by: MarginDimension,
    from: number,
    to: number,
  ): Promise<Array<{ key: string; totals: Totals }>> {
    const key = this.keyExpression(by, from);
    const result = await sql<Record<string, unknown>>`
      select ${key} as key,
        count(*) as requests,
        sum(prompt_tokens) as prompt, sum(cached_tokens) as cached, sum(cache_write_tokens) as cache_write,
        sum(completion_tokens) as completion, sum(reasoning_tokens) as reasoning,
        sum(charged) as revenue, sum(cost) as list_price, sum(coalesce(upstream_cost, 0)) as upstream_cost
      from usage_records
      where created_at >= ${from} and created_at < ${to} and status <> 'failed'
      group by ${key}
      order by ${key}`.execute(this.store.db);
    return result.rows.map((row) => ({
      key: by === 'day' ? dayLabel(Number(row.key)) : row.key === null ? '-' : String(row.key),
      totals: {
        requests: Number(row.requests),
        prompt: Number(row.prompt ?? 0),
        cached: Number(row.cached ?? 0),
        cacheWrite: Number(row.cache_write ?? 0),
        completion: Number(row.completion ?? 0),
        reasoning: Number(row.reasoning ?? 0),
        revenue: Number(row.revenue ?? 0),
        listPrice: Number(row.list_price ?? 0),
        upstreamCost: Number(row.upstream_cost ?? 0),
      },
    }));
  }

  private keyExpression(by: MarginDimension, from: number): RawBuilder<unknown> {
    switch (by) {
      case 'day': {
        // Days of the report's time zone (its offset at the start of the period).
        const offset = offsetMs(this.timezone, from);
        return sql`((created_at + ${sql.lit(offset)}) / ${sql.lit(dayMs)})`;
      }
      case 'model':
        return sql.ref('model');
      case 'channel':
        return sql.ref('provider');
      case 'plan':
        return sql.ref('plan_id');
      case 'organization':
        return sql.ref('org_id');
    }
  }

  private async freeTier(from: number, to: number): Promise<MarginReport['free_tier']> {
    const row = await this.store.db
      .selectFrom('usage_records')
      .select((eb) => [
        eb.fn.countAll<number>().as('requests'),
        eb.fn.sum<number>(eb.fn.coalesce('upstream_cost', sql.lit(0))).as('cost'),
        eb.fn.count<number>('org_id').distinct().as('organizations'),
      ])
      .where('funding', '=', 'grant')
      .where('created_at', '>=', from)
      .where('created_at', '<', to)
      .executeTakeFirst();
    const cost = Number(row?.cost ?? 0);
    return {
      requests: Number(row?.requests ?? 0),
      upstream_cost: formatAmount(cost),
      upstreamCostNano: cost,
      organizations: Number(row?.organizations ?? 0),
    };
  }

  /** Organizations that used free grants in the period, and which of them paid afterwards (up to `to`). */
  private async conversion(from: number, to: number): Promise<MarginReport['conversion']> {
    const free = await this.store.db
      .selectFrom('usage_records')
      .select((eb) => ['org_id', eb.fn.min<number>('created_at').as('first')])
      .where('funding', '=', 'grant')
      .where('created_at', '<', to)
      .where('org_id', 'is not', null)
      .groupBy('org_id')
      .having((eb) => eb.fn.max('created_at'), '>=', from)
      .execute();
    if (free.length === 0) return { free_organizations: 0, converted: 0, median_days_to_pay: null };
    const paid = await this.store.db
      .selectFrom('ledger_entries')
      .select((eb) => ['org_id', eb.fn.min<number>('created_at').as('first')])
      .where('kind', 'in', ['top_up', 'payment'])
      .where('created_at', '<', to)
      .groupBy('org_id')
      .execute();
    const firstPaid = new Map(paid.map((row) => [row.org_id, Number(row.first)]));
    const days: number[] = [];
    for (const row of free) {
      const payment = firstPaid.get(row.org_id!);
      if (payment !== undefined && payment >= Number(row.first)) days.push((payment - Number(row.first)) / dayMs);
    }
    days.sort((left, right) => left - right);
    const median =
      days.length === 0
        ? null
        : days.length % 2
          ? days[(days.length - 1) / 2]!
          : (days[days.length / 2 - 1]! + days[days.length / 2]!) / 2;
    return {
      free_organizations: free.length,
      converted: days.length,
      median_days_to_pay: median === null ? null : Math.round(median * 10) / 10,
    };
  }

  private async ledgerUsageDebits(from: number, to: number): Promise<number> {
    const row = await this.store.db
      .selectFrom('ledger')
      .select((eb) => eb.fn.sum<number>('amount').as('amount'))
      .where('kind', '=', 'usage_debit')
      .where('created_at', '>=', from)
      .where('created_at', '<', to)
      .executeTakeFirst();
    return -Number(row?.amount ?? 0);
  }

  private async organizationNames(ids: string[]): Promise<Map<string, string>> {
    const known = ids.filter((id) => id !== '-');
    if (known.length === 0) return new Map();
    const rows = await this.store.db
      .selectFrom('organizations')
      .select(['id', 'name'])
      .where('id', 'in', known.slice(0, 1000))
      .execute();
    return new Map(rows.map((row) => [row.id, row.name]));
  }
}

function line(key: string, totals: Totals): MarginLine {
  const margin = totals.revenue - totals.upstreamCost;
  return {
    key,
    requests: totals.requests,
    prompt_tokens: totals.prompt,
    cached_tokens: totals.cached,
    cache_write_tokens: totals.cacheWrite,
    completion_tokens: totals.completion,
    reasoning_tokens: totals.reasoning,
    cache_hit_ratio: totals.prompt > 0 ? Math.round((totals.cached / totals.prompt) * 10_000) / 10_000 : 0,
    revenue: formatAmount(totals.revenue),
    revenueNano: totals.revenue,
    list_price: formatAmount(totals.listPrice),
    listPriceNano: totals.listPrice,
    upstream_cost: formatAmount(totals.upstreamCost),
    upstreamCostNano: totals.upstreamCost,
    gross_margin: formatAmount(margin),
    grossMarginNano: margin,
    margin_percent: totals.revenue > 0 ? Math.round((margin / totals.revenue) * 10_000) / 100 : null,
  };
}

function sum(all: Totals[]): Totals {
  const total: Totals = {
    requests: 0,
    prompt: 0,
    cached: 0,
    cacheWrite: 0,
    completion: 0,
    reasoning: 0,
    revenue: 0,
    listPrice: 0,
    upstreamCost: 0,
  };
  for (const item of all) for (const name of Object.keys(total) as Array<keyof Totals>) total[name] += item[name];
  return total;
}

/** The offset of a time zone from UTC at an instant, in ms (Asia/Shanghai: +8 h). */
function offsetMs(timezone: string, at: number): number {
  const { minute } = localTime(timezone, at);
  const utcMinute = Math.floor((at % dayMs) / 60_000);
  let difference = minute - utcMinute;
  if (difference > 720) difference -= 1440;
  if (difference < -720) difference += 1440;
  return difference * 60_000;
}

function dayLabel(bucket: number): string {
  return new Date(bucket * dayMs).toISOString().slice(0, 10);
}
