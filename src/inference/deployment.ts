import type { DeploymentView } from '../api-contract/deployments.ts';
import type { CallTimeouts, Provider } from '../providers/spec.ts';
import type { RetryPolicy } from '../config/config-schema.ts';
import type { UpstreamCostPrice } from './gateway-hooks.ts';
import { deploymentAlias } from './public-deployment.ts';
import { CircuitBreaker, type CircuitBreakerSettings, type CircuitOpener } from './circuit-breaker.ts';

/** Live, per-process statistics of one deployment, for routing and the admin view. */
export class DeploymentState {
  readonly circuit: CircuitBreaker;
  inflight = 0;
  /** Concurrency slots this process holds on the deployment (its maxConcurrency counts them). */
  slotsHeld = 0;
  requests = 0;
  failures = 0;
  /** Exponentially weighted moving average of time to first token, in ms (null until measured). */
  ttftEwmaMs: number | null = null;
  lastError: { code: string; message: string; at: number } | null = null;
  lastSuccessAt: number | null = null;
  /** Last time a request or a health check judged this deployment. */
  lastActivityAt = 0;
  /** Result of the last active health check. */
  health: 'unknown' | 'healthy' | 'unhealthy' = 'unknown';
  /** Told of every judged attempt (shared routing state forwards it to the other replicas). */
  onJudged: ((deployment: Deployment, verdict: 'success' | 'failure') => void) | null = null;
  /** Recent outcomes (1 = failure) for the error rate, newest last. */
  private recent: number[] = [];

  constructor(circuitSettings?: CircuitBreakerSettings) {
    this.circuit = new CircuitBreaker(circuitSettings);
  }

  /** A whole call that succeeded (a stream only once it ended properly); `ttftMs` feeds least-latency routing. */
  recordSuccess(ttftMs: number): void {
    this.requests++;
    this.lastSuccessAt = Date.now();
    this.lastActivityAt = this.lastSuccessAt;
    this.ttftEwmaMs = this.ttftEwmaMs === null ? ttftMs : 0.8 * this.ttftEwmaMs + 0.2 * ttftMs;
    this.circuit.onSuccess();
    this.push(0);
  }

  /**
   * A call that failed through the deployment's fault. `pauseMs` (an upstream's Retry-After on a
   * 429) takes the deployment out for exactly that long instead of counting toward its breaker.
   */
  recordFailure(code: string, message: string, options: { opener?: CircuitOpener; pauseMs?: number } = {}): void {
    this.requests++;
    this.failures++;
    this.lastError = { code, message, at: Date.now() };
    this.lastActivityAt = this.lastError.at;
    if (options.pauseMs !== undefined) this.circuit.pause(options.pauseMs);
    else this.circuit.onFailure(options.opener);
    this.push(1);
  }

  /** Share of failures among the last 100 calls. */
  get errorRate(): number {
    if (this.recent.length === 0) return 0;
    return this.recent.reduce((sum, value) => sum + value, 0) / this.recent.length;
  }

  private push(value: number): void {
    this.recent.push(value);
    if (this.recent.length > 100) this.recent.shift();
  }
}

/** A model as clients name it, served by one upstream model on one provider. */
export interface Deployment {
  id: string;
  /** Client-facing model id. */
  model: string;
  providerName: string;
  provider: Provider;
  upstreamModel: string;
  weight: number;
  priority: number;
  tags: readonly string[];
  cost: { input: number; output: number } | null;
  /** The full upstream price (cache, reasoning, request fee) for the upstream cost of each request. */
  costPrice?: UpstreamCostPrice | null;
  maxConcurrency: number | null;
  timeouts: CallTimeouts;
  /** Which failures are retried and how often this deployment is tried per request (default: every retryable failure). */
  retry?: RetryPolicy;
  enabled: boolean;
  state: DeploymentState;
}

/** The public view of a deployment (admin API, /v1/models, console). */
export function describeDeployment(deployment: Deployment): DeploymentView {
  const state = deployment.state;
  return {
    id: deployment.id,
    alias: deploymentAlias(deployment),
    model: deployment.model,
    provider: deployment.providerName,
    protocol: deployment.provider.protocol,
    upstream_model: deployment.upstreamModel,
    weight: deployment.weight,
    priority: deployment.priority,
    tags: deployment.tags,
    enabled: deployment.enabled,
    max_concurrency: deployment.maxConcurrency,
    circuit: state.circuit.state,
    health: state.health,
    inflight: state.inflight,
    requests: state.requests,
    error_rate: Number(state.errorRate.toFixed(4)),
    ttft_ewma_ms: state.ttftEwmaMs === null ? null : Math.round(state.ttftEwmaMs),
    last_error: state.lastError,
  };
}
