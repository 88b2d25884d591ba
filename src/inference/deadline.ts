import { KaiyuanError } from '../util/errors.ts';

/**
 * The routing budget of one request as a point in time. Every wait before the answer starts —
 * the slot queue, each attempt's connect and first byte, the backoff between attempts — is cut
 * to what is left of it, so the client hears back within the budget whatever the upstreams do.
 */
export class Deadline {
  readonly expiresAt: number;

  constructor(
    readonly budgetMs: number,
    private readonly now: () => number = Date.now,
    readonly startedAt: number = now(),
  ) {
    this.expiresAt = startedAt + budgetMs;
  }

  remainingMs(): number {
    return Math.max(0, this.expiresAt - this.now());
  }

  get expired(): boolean {
    return this.now() >= this.expiresAt;
  }

  /** The lesser of a limit and what is left of the budget. */
  cap(milliseconds: number): number {
    return Math.min(milliseconds, this.remainingMs());
  }

  /** The error a client gets when the budget ran out before any deployment answered. */
  exceeded(): KaiyuanError {
    return new KaiyuanError(
      'upstream_timeout',
      `No deployment answered within the request's time budget (${this.budgetMs} ms). Please retry later.`,
      { status: 504, type: 'timeout_error', retryable: true, retryAfterMs: 1000 },
    );
  }
}
