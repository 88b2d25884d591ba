import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { AttemptReport } from './fallback-loop.ts';
import type { Endpoint, RequestOutcome } from './gateway-hooks.ts';
import type { InferenceObserver } from './inference-observer.ts';
import type { ModelRegistry } from './model-registry.ts';

const circuitValue = { closed: 0, 'half-open': 1, open: 2 } as const;

/**
 * Prometheus metrics of the gateway: requests, latency and TTFT histograms, tokens, upstream
 * attempts, errors and retries by deployment, circuit state, in-flight calls and queue depth.
 */
export class PrometheusMetrics implements InferenceObserver {
  readonly registry = new Registry();
  private readonly requests: Counter<'model' | 'endpoint' | 'status'>;
  private readonly latency: Histogram<'model' | 'endpoint'>;
  private readonly ttft: Histogram<'model'>;
  private readonly tokens: Counter<'model' | 'kind'>;
  private readonly attempts: Counter<'model' | 'deployment' | 'outcome'>;
  private readonly errors: Counter<'model' | 'deployment' | 'code'>;
  private readonly retries: Counter<'model'>;
  private readonly queueDepth: Gauge<'model'>;

  constructor(models: ModelRegistry, queueDepthOf: (model: string) => number = () => 0) {
    collectDefaultMetrics({ register: this.registry, prefix: 'kaiyuan_process_' });
    const registers = [this.registry];
    this.requests = new Counter({ name: 'kaiyuan_requests_total', help: 'Inference requests by outcome', labelNames: ['model', 'endpoint', 'status'], registers });
    this.latency = new Histogram({
      name: 'kaiyuan_request_duration_seconds',
      help: 'Time from request to the end of the answer',
      labelNames: ['model', 'endpoint'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
      registers,
    });
    this.ttft = new Histogram({
      name: 'kaiyuan_time_to_first_token_seconds',
      help: 'Time to the first streamed token (whole answer when not streamed)',
      labelNames: ['model'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
      registers,
    });
    this.tokens = new Counter({ name: 'kaiyuan_tokens_total', help: 'Tokens billed, by kind (prompt, completion, cached, reasoning)', labelNames: ['model', 'kind'], registers });
    this.attempts = new Counter({ name: 'kaiyuan_upstream_attempts_total', help: 'Upstream calls by deployment and outcome', labelNames: ['model', 'deployment', 'outcome'], registers });
    this.errors = new Counter({ name: 'kaiyuan_upstream_errors_total', help: 'Failed upstream calls by error code', labelNames: ['model', 'deployment', 'code'], registers });
    this.retries = new Counter({ name: 'kaiyuan_retries_total', help: 'Upstream attempts beyond the first of a request', labelNames: ['model'], registers });
    this.queueDepth = new Gauge({
      name: 'kaiyuan_queue_depth',
      help: 'Requests waiting for a free deployment slot',
      labelNames: ['model'],
      registers,
      collect() {
        for (const model of models.list()) this.set({ model: model.id }, queueDepthOf(model.id));
      },
    });
    new Gauge({
      name: 'kaiyuan_circuit_state',
      help: 'Circuit breaker state per deployment: 0 closed, 1 half-open, 2 open',
      labelNames: ['model', 'deployment'],
      registers,
      collect() {
        for (const deployment of models.deployments()) this.set({ model: deployment.model, deployment: deployment.id }, circuitValue[deployment.state.circuit.state]);
      },
    });
    new Gauge({
      name: 'kaiyuan_deployment_inflight',
      help: 'Upstream calls in flight per deployment',
      labelNames: ['model', 'deployment'],
      registers,
      collect() {
        for (const deployment of models.deployments()) this.set({ model: deployment.model, deployment: deployment.id }, deployment.state.inflight);
      },
    });
  }

  attempt(model: string, report: AttemptReport): void {
    const deployment = report.deployment.id;
    this.attempts.inc({ model, deployment, outcome: report.error ? 'failure' : 'success' });
    if (report.error) this.errors.inc({ model, deployment, code: report.error.code });
  }

  completed(model: string, endpoint: Endpoint, outcome: RequestOutcome): void {
    this.requests.inc({ model, endpoint, status: outcome.status });
    this.latency.observe({ model, endpoint }, outcome.latencyMs / 1000);
    if (outcome.ttftMs !== null) this.ttft.observe({ model }, outcome.ttftMs / 1000);
    if (outcome.attempts > 1) this.retries.inc({ model }, outcome.attempts - 1);
    const usage = outcome.usage;
    if (usage.promptTokens > 0) this.tokens.inc({ model, kind: 'prompt' }, usage.promptTokens);
    if (usage.completionTokens > 0) this.tokens.inc({ model, kind: 'completion' }, usage.completionTokens);
    if (usage.cachedTokens > 0) this.tokens.inc({ model, kind: 'cached' }, usage.cachedTokens);
    if (usage.reasoningTokens > 0) this.tokens.inc({ model, kind: 'reasoning' }, usage.reasoningTokens);
  }

  /** The exposition text and its content type, for GET /metrics. */
  async render(): Promise<{ contentType: string; text: string }> {
    return { contentType: this.registry.contentType, text: await this.registry.metrics() };
  }
}
