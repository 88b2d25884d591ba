import { sql, type ComparisonOperator, type SelectQueryBuilder } from 'kysely';
import { fallbackUsageSeparator, requestIdPrefix } from '../inference/gateway-hooks.ts';
import { isPlatformOperator, listScope, readerRoles, requireRoles } from '../accounts/access-control.ts';
import type { Principal } from '../accounts/principal.ts';
import type { RequestLogEntry, RequestLogQuery } from '../api-contract/request-log.ts';
import { formatAmount } from '../billing/money.ts';
import type { Store } from '../store/database.ts';
import type { Database } from '../store/schema/index.ts';
import { forbidden, notFound } from '../util/errors.ts';
import { requestIdKind, timeOrderedIdFloor } from '../util/ids.ts';
import { logIdKind } from './request-log-rows.ts';

const day = 86_400_000;

type Joined = SelectQueryBuilder<Database, 'request_log' | 'usage_records', object>;

/**
 * Reads the request log: filtered, newest first, joined with the usage record of the same request
 * for the price and charge. The operator sees every organization and the operator-only fields
 * (channel, deployments, upstream cost, the upstream's error text); an organization sees its own
 * requests without them.
 */
export class RequestLogReader {
  constructor(
    private readonly store: Store,
    /** The log's retention: carried entries are looked for among the records of this many days only. */
    private readonly retentionDays = 30,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Entries newest first (by id), from the two places they live (decision 047): rows of the log's
   * own, and usage records carrying their request's entry. Each is read newest first up to the
   * limit, with the same filters, and the two are merged.
   */
  async list(actor: Principal, query: RequestLogQuery): Promise<RequestLogEntry[]> {
    requireRoles(actor, readerRoles);
    const operator = isPlatformOperator(actor);
    if (!operator && query.channel)
      throw forbidden('Only the platform operator may filter by channel.', 'operator_only');
    const limit = query.limit ?? 100;
    const orgId = listScope(actor, query.orgId);
    const [rows, carried] = await Promise.all([
      this.ownRows(query, orgId, limit),
      // A carried entry is never a refusal or an upstream failure: those are rows of the log's own.
      query.status === 'refused' || query.status === 'failed' ? [] : this.carriedRows(query, orgId, limit),
    ]);
    const merged = carried.length === 0 ? rows : rows.length === 0 ? carried : [...rows, ...carried].sort(newestFirst);
    return merged.slice(0, limit).map((row) => present(row, operator));
  }

  private async ownRows(query: RequestLogQuery, orgId: string | null | undefined, limit: number): Promise<Row[]> {
    let select = this.joined();
    for (const [column, operator, value] of conditions(query, orgId, ownColumns))
      select = select.where(`request_log.${column}` as never, operator, value as never);
    return (await select.orderBy('request_log.id', 'desc').limit(limit).execute()) as unknown as Row[];
  }

  /** Usage records carrying their request's entry, as rows of the log (the record's key orders them as the log's id would). */
  private async carriedRows(query: RequestLogQuery, orgId: string | null | undefined, limit: number): Promise<Row[]> {
    let select = this.store.db
      .selectFrom('usage_records')
      .leftJoin('organizations', 'organizations.id', 'usage_records.org_id')
      .select([
        'usage_records.request_id',
        'usage_records.log_client_request_id as client_request_id',
        'usage_records.created_at',
        'usage_records.org_id',
        'usage_records.key_id',
        'usage_records.user_id',
        'usage_records.endpoint',
        'usage_records.model',
        'usage_records.provider as channel',
        'usage_records.deployment_id',
        'usage_records.log_deployments_tried as deployments_tried',
        'usage_records.status',
        'usage_records.log_http_status as http_status',
        'usage_records.error_code',
        'usage_records.log_error_detail as error_detail',
        'usage_records.latency_ms',
        'usage_records.ttft_ms',
        'usage_records.log_attempts as attempts',
        'usage_records.prompt_tokens',
        'usage_records.cached_tokens',
        'usage_records.completion_tokens',
        'usage_records.reasoning_tokens',
        'usage_records.upstream_cost',
        'usage_records.log_client_ip as client_ip',
        'organizations.name as org_name',
        'usage_records.cost as usage_cost',
        'usage_records.charged as usage_charged',
        'usage_records.funding as usage_funding',
        'usage_records.model as usage_model',
      ])
      .where('usage_records.log_http_status', 'is not', null)
      // Records older than the retention carry no entry (or one the next prune clears): their key
      // bounds the scan, which would otherwise read billing's whole history for a rare filter.
      .where(
        'usage_records.request_id',
        '>=',
        timeOrderedIdFloor(requestIdKind, this.now() - this.retentionDays * day),
      );
    for (const [column, operator, value] of conditions(query, orgId, carrierColumns))
      select = select.where(`usage_records.${column}` as never, operator, value as never);
    const rows = await select.orderBy('usage_records.request_id', 'desc').limit(limit).execute();
    return rows.map((row) => ({ ...row, id: carriedLogId(row.request_id) }) as unknown as Row);
  }

  /** Every row of one request (a fallback adds one per model), with bodies when they were kept. */
  async get(actor: Principal, requestId: string): Promise<RequestLogEntry[]> {
    const entries = await this.list(actor, { requestId, limit: 20 });
    if (entries.length === 0) throw notFound(`No request '${requestId}' in the request log.`, 'request_not_found');
    const bodies = await this.store.db
      .selectFrom('request_bodies')
      .select(['log_id', 'request_body', 'response_body'])
      .where('request_id', '=', requestId)
      .execute();
    const byId = new Map(bodies.map((body) => [body.log_id, body]));
    return entries.map((entry) => {
      const body = byId.get(entry.id);
      return body ? { ...entry, requestBody: body.request_body, responseBody: body.response_body } : entry;
    });
  }

  private joined(): Joined {
    return (
      this.store.db
        .selectFrom('request_log')
        // The usage record of the model the row names: under the request id, or for a fallback model
        // under fallbackUsageRecordId's `<request id>~<model>`.
        .leftJoin('usage_records', (join) =>
          join
            .onRef('usage_records.model', '=', 'request_log.model')
            .on((eb) =>
              eb.or([
                eb('usage_records.request_id', '=', eb.ref('request_log.request_id')),
                eb(
                  'usage_records.request_id',
                  '=',
                  sql<string>`request_log.request_id || ${fallbackUsageSeparator} || request_log.model`,
                ),
              ]),
            ),
        )
        .leftJoin('organizations', 'organizations.id', 'request_log.org_id')
        .selectAll('request_log')
        .select([
          'organizations.name as org_name',
          'usage_records.cost as usage_cost',
          'usage_records.charged as usage_charged',
          'usage_records.funding as usage_funding',
          'usage_records.model as usage_model',
        ]) as unknown as Joined
    );
  }
}

/** Where each filtered field lives: in the log's own rows, and on a usage record carrying an entry. */
interface FilterColumns {
  channel: string;
  httpStatus: string;
  /** The column the `before` cursor compares, and the cursor's value there. */
  position: string;
  positionOf: (logId: string) => string;
}
const ownColumns: FilterColumns = {
  channel: 'channel',
  httpStatus: 'http_status',
  position: 'id',
  positionOf: (logId) => logId,
};
const carrierColumns: FilterColumns = {
  channel: 'provider',
  httpStatus: 'log_http_status',
  position: 'request_id',
  positionOf: carrierIdOf,
};

/** The query's filters as (column, operator, value), for either place entries live. */
function conditions(
  query: RequestLogQuery,
  orgId: string | null | undefined,
  columns: FilterColumns,
): Array<[string, ComparisonOperator, unknown]> {
  const out: Array<[string, ComparisonOperator, unknown]> = [];
  if (orgId) out.push(['org_id', '=', orgId]);
  if (query.from !== undefined) out.push(['created_at', '>=', query.from]);
  if (query.to !== undefined) out.push(['created_at', '<', query.to]);
  if (query.keyId) out.push(['key_id', '=', query.keyId]);
  if (query.model) out.push(['model', '=', query.model]);
  if (query.channel) out.push([columns.channel, '=', query.channel]);
  if (query.status) out.push(['status', '=', query.status]);
  if (query.errorsOnly) out.push(['status', '!=', 'completed']);
  if (query.errorCode) out.push(['error_code', '=', query.errorCode]);
  if (query.httpStatus !== undefined) out.push([columns.httpStatus, '=', query.httpStatus]);
  if (query.requestId) out.push(['request_id', '=', query.requestId]);
  if (query.before) out.push([columns.position, '<', columns.positionOf(query.before)]);
  return out;
}

/**
 * The log id of the entry a usage record carries (decision 047): the request id's time-ordered part
 * under the log's prefix, so that both kinds of entry sort, and page, by one key.
 */
export function carriedLogId(requestId: string): string {
  return logIdPrefix + requestId.slice(requestIdPrefix.length);
}

/** The usage record key a log id's position maps to (the inverse of carriedLogId, for `before`). */
function carrierIdOf(logId: string): string {
  return logId.startsWith(logIdPrefix) ? requestIdPrefix + logId.slice(logIdPrefix.length) : logId;
}

const logIdPrefix = `${logIdKind}_`;

function newestFirst(left: Row, right: Row): number {
  return left.id < right.id ? 1 : left.id > right.id ? -1 : 0;
}

type Row = Database['request_log'] & {
  org_name: string | null;
  usage_cost: number | null;
  usage_charged: number | null;
  usage_funding: string | null;
  usage_model: string | null;
};

function present(raw: unknown, operator: boolean): RequestLogEntry {
  const row = raw as Row;
  const billed = row.usage_model !== null;
  const price = billed && row.usage_cost !== null ? Number(row.usage_cost) : null;
  const charged = billed && row.usage_charged !== null ? Number(row.usage_charged) : null;
  const entry: RequestLogEntry = {
    object: 'request_log_entry',
    id: row.id,
    requestId: row.request_id,
    clientRequestId: row.client_request_id,
    createdAt: Number(row.created_at),
    orgId: row.org_id,
    orgName: row.org_name,
    keyId: row.key_id,
    userId: row.user_id,
    endpoint: row.endpoint,
    model: row.model,
    status: row.status as RequestLogEntry['status'],
    httpStatus: Number(row.http_status),
    errorCode: row.error_code,
    errorDetail: operator || row.status === 'refused' ? row.error_detail : null,
    latencyMs: Number(row.latency_ms),
    ttftMs: row.ttft_ms === null ? null : Number(row.ttft_ms),
    attempts: Number(row.attempts),
    promptTokens: Number(row.prompt_tokens),
    cachedTokens: Number(row.cached_tokens),
    completionTokens: Number(row.completion_tokens),
    reasoningTokens: Number(row.reasoning_tokens),
    price: price === null ? null : formatAmount(price),
    priceNano: price,
    charged: charged === null ? null : formatAmount(charged),
    chargedNano: charged,
    funding: billed ? row.usage_funding : null,
    clientIp: row.client_ip,
  };
  if (!operator) return entry;
  const upstream = row.upstream_cost === null ? null : Number(row.upstream_cost);
  return {
    ...entry,
    channel: row.channel,
    deploymentId: row.deployment_id,
    deploymentsTried: row.deployments_tried ? row.deployments_tried.split(',') : [],
    upstreamCost: upstream === null ? null : formatAmount(upstream),
    upstreamCostNano: upstream,
  };
}
