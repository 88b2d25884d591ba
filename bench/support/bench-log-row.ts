import type { RequestLogTable } from '../../src/store/schema/request-log-tables.ts';
import { logIdKind } from '../../src/observability/request-log-rows.ts';
import { newRequestId, newTimeOrderedId } from '../../src/util/ids.ts';

/**
 * A completed chat request's request-log row, as the gateway benchmark's requests write them, for
 * the benches that time the request log's insert (fields given in `overrides` replace the defaults).
 */
export function benchLogRow(now: number, overrides: Partial<RequestLogTable> = {}): RequestLogTable {
  return {
    id: newTimeOrderedId(logIdKind),
    request_id: newRequestId(),
    client_request_id: null,
    created_at: now,
    org_id: 'org_bench',
    key_id: 'key_bench',
    user_id: null,
    endpoint: 'chat',
    model: 'bench-model',
    channel: 'bench-upstream',
    deployment_id: 'bench-model@bench-upstream',
    deployments_tried: 'bench-model@bench-upstream',
    status: 'completed',
    http_status: 200,
    error_code: null,
    error_detail: null,
    latency_ms: 3,
    ttft_ms: 3,
    attempts: 1,
    prompt_tokens: 30,
    cached_tokens: 0,
    completion_tokens: 16,
    reasoning_tokens: 0,
    upstream_cost: 62_000,
    client_ip: '127.0.0.1',
    ...overrides,
  };
}
