import type { Logger } from 'pino';
import type { RequestLogConfig } from '../config/config-schema.ts';
import type { CarriedLogEntry, Endpoint } from '../inference/gateway-hooks.ts';
import type { RequestLogContext, RequestLogSink, SettledRequest } from '../inference/request-log-sink.ts';
import type { Store } from '../store/database.ts';
import type { KaiyuanError } from '../util/errors.ts';
import { capturedBody, carriedEntry, refusedRow, settledRow } from './request-log-rows.ts';
import { RequestLogWriter, type RequestLogRowSink } from './request-log-writer.ts';

/**
 * The gateway's request log: turns what the gateway reports into rows and queues them on the
 * batching writer. Bodies are captured only for organizations the operator enabled them for.
 */
export class RequestLog implements RequestLogSink {
  readonly writer: RequestLogRowSink;
  private readonly bodyOrganizations: ReadonlySet<string>;

  constructor(
    store: Store,
    logger: Logger,
    private readonly config: RequestLogConfig,
    /** Where rows go instead of this process's writer (a worker whose primary writes for it). */
    writer?: RequestLogRowSink,
  ) {
    this.writer =
      writer ??
      new RequestLogWriter(store, logger, {
        flushIntervalMs: config.flushIntervalMs,
        maxQueued: config.maxQueued,
      });
    this.bodyOrganizations = new Set(config.bodies.organizations);
  }

  /**
   * Queues the request; its row is built in the event loop's check phase, after the answers written
   * in this turn have gone to their sockets. `settled` runs inside the request's settle, which the
   * answer's last bytes wait for (the metering commit); building the row there would add its CPU to
   * the answer's latency. `created_at` is still the settle time.
   */
  settled(request: SettledRequest): void {
    this.pending.push(request);
    this.pendingAt.push(Date.now());
    this.scheduled ??= setImmediate(this.buildPending);
  }

  /**
   * The entry a usage record carries for this request (decision 047): its fields beyond the record's.
   * Null for an organization whose bodies are kept: a body belongs to a row of the log's own.
   */
  carry(request: SettledRequest): CarriedLogEntry | null {
    if (this.wantsBodies(request.context.principal?.orgId ?? null)) return null;
    return carriedEntry(request);
  }

  /** Settled requests whose rows are not built yet, and their settle times. */
  private pending: SettledRequest[] = [];
  private pendingAt: number[] = [];
  private scheduled: NodeJS.Immediate | null = null;
  private readonly buildPending = (): void => {
    this.scheduled = null;
    const pending = this.pending;
    const at = this.pendingAt;
    this.pending = [];
    this.pendingAt = [];
    for (let index = 0; index < pending.length; index++) this.queueSettled(pending[index]!, at[index]!);
  };

  private queueSettled(request: SettledRequest, now: number): void {
    const row = settledRow(request, now);
    const orgId = row.org_id;
    if (!this.wantsBodies(orgId)) return this.writer.add(row);
    const maxBytes = this.config.bodies.maxBytes;
    this.writer.add(row, {
      log_id: row.id,
      request_id: row.request_id,
      org_id: orgId,
      created_at: row.created_at,
      request_body: capturedBody(request.requestBody, maxBytes),
      response_body: capturedBody(request.responseText, maxBytes),
    });
  }

  refused(context: RequestLogContext, endpoint: Endpoint, model: string, error: KaiyuanError, latencyMs: number): void {
    if (error.status === 401 && !this.admitUnauthenticated(Date.now())) return;
    this.writer.add(refusedRow(context, endpoint, model, error, latencyMs));
  }

  /** 401 rows dropped by the per-minute cap since start (anyone may send them, so they are capped). */
  get unauthenticatedDropped(): number {
    return this.dropped401;
  }

  private windowStart = 0;
  private windowCount = 0;
  private dropped401 = 0;

  /** A fixed one-minute window per process: at most `unauthenticatedPerMinute` 401 rows in it. */
  private admitUnauthenticated(now: number): boolean {
    if (now - this.windowStart >= 60_000) {
      this.windowStart = now;
      this.windowCount = 0;
    }
    if (this.windowCount < this.config.unauthenticatedPerMinute) {
      this.windowCount++;
      return true;
    }
    this.dropped401++;
    return false;
  }

  /** Whether bodies are kept for requests of this organization. */
  wantsBodies(orgId: string | null): boolean {
    const bodies = this.config.bodies;
    if (!bodies.enabled) return false;
    return this.bodyOrganizations.size === 0 || (orgId !== null && this.bodyOrganizations.has(orgId));
  }

  drain(): Promise<void> {
    if (this.scheduled) {
      clearImmediate(this.scheduled);
      this.buildPending();
    }
    return this.writer.drain();
  }
}
