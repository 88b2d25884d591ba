/**
 * The seams where accounts, limits and billing slot into the request path (see DESIGN.md):
 * `admit` runs before the upstream call (limits, balance, model access), `settle` after it
 * (usage record, ledger debit, limit true-up). The inference core calls them; billing implements them.
 */
import type { Principal } from '../accounts/principal.ts';
import type { Usage } from '../providers/spec.ts';
import { requestIdKind } from '../util/ids.ts';

export type Endpoint = 'chat' | 'completions' | 'embeddings' | 'rerank';

/**
 * The protocol a client spoke when it is not the endpoint's own: an Anthropic Messages or OpenAI
 * Responses request translated to a chat request (client-apis/). Usage records name it instead of
 * `chat`, so reports show which API was called.
 */
export type ClientApi = 'messages' | 'responses';

export interface AdmissionRequest {
  requestId: string;
  principal: Principal | null;
  endpoint: Endpoint;
  /** Set when the request came through another protocol (translated to `endpoint`). */
  clientApi?: ClientApi;
  /** Client-facing model id. */
  model: string;
  /** Estimated prompt tokens (tokenizer estimate). */
  promptTokens: number;
  /** Most output tokens this call may produce (max_tokens or the model's default), times n. */
  maxOutputTokens: number;
  stream: boolean;
  /** Set when the request is a line of a batch (Batch API): priced with the batch discount. */
  batchId?: string | null;
}

export type OutcomeStatus =
  /** The client received the whole answer. */
  | 'completed'
  /** The client went away mid-answer: bill what was delivered. */
  | 'client_disconnected'
  /** The answer failed after it had started (stream cut upstream): bill what was delivered. */
  | 'failed_midway'
  /** Nothing was delivered: never billed. */
  | 'failed';

export interface ServedBy {
  deploymentId: string;
  provider: string;
  upstreamModel: string;
  /** What the upstream charges the operator for this deployment (its channel's cost price), if known. */
  costPrice?: UpstreamCostPrice | null;
}

/** An upstream's price per million tokens (and per request) in currency units; no currency: the billing currency. */
export interface UpstreamCostPrice {
  currency?: 'CNY' | 'USD';
  input: number;
  cachedInput?: number;
  cacheWrite?: number;
  output: number;
  reasoning?: number;
  request?: number;
}

export interface RequestOutcome {
  status: OutcomeStatus;
  usage: Usage;
  /** True when usage was counted by our tokenizer because the upstream reported none. */
  usageEstimated: boolean;
  servedBy: ServedBy | null;
  latencyMs: number;
  /** Time to first token of a stream (or to the whole answer otherwise). */
  ttftMs: number | null;
  /** Stable error code when status is not completed. */
  errorCode: string | null;
  /** The upstream's own detail of a failure (which provider, its message): for operators and logs only, never the client. */
  errorDetail?: string | null;
  attempts: number;
}

export interface Admission {
  /** Response headers such as x-ratelimit-*. */
  readonly headers: Record<string, string>;
  /** Priority class for queueing under load: higher is served first. */
  readonly priority: number;
  /**
   * True when `settle` writes a usage record under the request's own id and puts a request log entry
   * given to it on that record (decision 047): the log then writes no row of its own.
   */
  readonly carriesLog?: boolean;
  /**
   * Records the outcome exactly once: usage record, ledger debit (idempotent by request id),
   * limit true-up, release of reservations. Must be awaited before the last bytes go out. `log`, when
   * given (only to an admission that `carriesLog`), is written on the usage record.
   */
  settle(outcome: RequestOutcome, log?: CarriedLogEntry | null): Promise<void>;
}

/**
 * What a request log entry holds beyond the usage record of its request (decision 047): the rest
 * (identity, model, deployment, status, tokens, latency, upstream cost) is the record's own.
 */
export interface CarriedLogEntry {
  httpStatus: number;
  attempts: number;
  /** Deployment ids tried, in order, comma-separated. */
  deploymentsTried: string | null;
  errorDetail: string | null;
  clientRequestId: string | null;
  clientIp: string | null;
}

export interface Gatekeeper {
  /** Admits the request or throws a KaiyuanError (403 model not allowed, 429 limit, 402 balance). */
  admit(request: AdmissionRequest): Promise<Admission>;
}

/** Admits everything and records nothing: for a gateway run without accounts (benchmark floor, tests of the core). */
export const openGatekeeper: Gatekeeper = {
  async admit() {
    return { headers: {}, priority: 0, settle: async () => undefined };
  },
};

/** Joins a request id and a fallback model's id in that model's usage record id. */
export const fallbackUsageSeparator = '~';

/**
 * The usage record id of a request served by a fallback model (`<request id>~<model>`): the model
 * asked for already recorded its failure under the request id.
 */
export function fallbackUsageRecordId(requestId: string, modelId: string): string {
  return `${requestId}${fallbackUsageSeparator}${modelId}`;
}

/** How the gateway's request ids (`newRequestId`) begin. */
export const requestIdPrefix = `${requestIdKind}_`;

/**
 * Whether the usage record under this id may carry its request's log entry (decision 047): the
 * record of the model asked for (a fallback model's record, `<request id>~<model>`, does not: its
 * entry is a request log row) under a gateway request id, whose time-ordered form maps onto the
 * log's ids.
 */
export function mayCarryLogEntry(usageRecordId: string): boolean {
  return usageRecordId.startsWith(requestIdPrefix) && !usageRecordId.includes(fallbackUsageSeparator);
}
