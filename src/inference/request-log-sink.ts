import type { KaiyuanError } from '../util/errors.ts';
import type { Principal } from '../accounts/principal.ts';
import type { CarriedLogEntry, ClientApi, Endpoint, RequestOutcome } from './gateway-hooks.ts';
import type { ModelEntry } from './model-registry.ts';

/** What the log needs of a request's context (a part of inference-service.ts's RequestContext). */
export interface RequestLogContext {
  requestId: string;
  clientRequestId?: string | null;
  clientIp?: string | null;
  principal: Principal | null;
  clientApi?: ClientApi;
}

/** What the gateway reports of one request served (or failed) by one model, for the request log. */
export interface SettledRequest {
  context: RequestLogContext;
  endpoint: Endpoint;
  model: ModelEntry;
  outcome: RequestOutcome;
  /** The HTTP status the client got (200 once a stream had started). */
  httpStatus: number;
  /** Deployment ids tried, in order. */
  tried: readonly string[];
  /** The request body (read only when the sink wants bodies for the organization). */
  requestBody: Record<string, unknown>;
  /** The answer's text (JSON answers; null for streams). */
  responseText: string | null;
}

/**
 * Where the gateway reports requests for the request log (observability/ implements it). Calls
 * must return at once: the sink only queues, it never touches the store on the request path.
 */
export interface RequestLogSink {
  /** A request admitted and settled (served, failed upstream, or cut). */
  settled(request: SettledRequest): void;
  /**
   * The request's entry as its usage record carries it (decision 047), or null when the log keeps it
   * in a row of its own (then the caller reports it to `settled`).
   */
  carry(request: SettledRequest): CarriedLogEntry | null;
  /** A request refused before any upstream call (unknown model, 400, 402, 403, 429). */
  refused(context: RequestLogContext, endpoint: Endpoint, model: string, error: KaiyuanError, latencyMs: number): void;
}
