/** The request log (see migrations/0710-request-log.ts). Money in nano-units, times in epoch ms. */

export interface RequestLogTable {
  /** Time-ordered id of the row (a request served by a fallback model has one row per model tried). */
  id: string;
  request_id: string;
  client_request_id: string | null;
  created_at: number;
  org_id: string | null;
  key_id: string | null;
  user_id: string | null;
  /** chat | completions | embeddings | rerank | messages | responses */
  endpoint: string;
  model: string;
  /** The channel (provider) that served the request or was tried last; null when none was reached. */
  channel: string | null;
  deployment_id: string | null;
  /** Deployments tried, in order, comma-separated. */
  deployments_tried: string | null;
  /** completed | client_disconnected | failed_midway | failed | refused */
  status: string;
  http_status: number;
  error_code: string | null;
  /** The upstream's own words on a failure: operator only. */
  error_detail: string | null;
  latency_ms: number;
  ttft_ms: number | null;
  attempts: number;
  prompt_tokens: number;
  cached_tokens: number;
  completion_tokens: number;
  reasoning_tokens: number;
  /** What the upstream cost the operator (the channel's cost price); null when it has none. Operator only. */
  upstream_cost: number | null;
  client_ip: string | null;
}

/** Request and response bodies of organizations that opted in; kept for their own (shorter) retention. */
export interface RequestBodiesTable {
  /** The request_log row's id. */
  log_id: string;
  request_id: string;
  org_id: string | null;
  created_at: number;
  request_body: string | null;
  response_body: string | null;
}

export interface RequestLogTables {
  request_log: RequestLogTable;
  request_bodies: RequestBodiesTable;
}
