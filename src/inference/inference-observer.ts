import type { AttemptReport } from './fallback-loop.ts';
import type { Endpoint, RequestOutcome } from './gateway-hooks.ts';

/** Receives what happened on the request path, for metrics (Prometheus) and live statistics. */
export interface InferenceObserver {
  attempt(model: string, report: AttemptReport): void;
  completed(model: string, endpoint: Endpoint, outcome: RequestOutcome): void;
}
