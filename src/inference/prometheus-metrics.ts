import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { AttemptReport } from './fallback-loop.ts';
import type { Endpoint, OutcomeStatus, RequestOutcome } from './gateway-hooks.ts';
import type { InferenceObserver } from './inference-observer.ts';
import type { ModelRegistry } from './model-registry.ts';

interface CompletedSeries {
  requests: Record<OutcomeStatus, { inc(value?: number): void }>;
  latency: { observe(value: number): void };
  ttft: { observe(value: number): void };
  tokens: Record<'prompt' | 'completion' | 'cached' | 'reasoning', { inc(value?: number): void }>;
}

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
  private readonly completedSeries = new Map<string, CompletedSeries>();

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
    const series = this.seriesOf(model, endpoint);
    series.requests[outcome.status].inc();
    series.latency.observe(outcome.latencyMs / 1000);
    if (outcome.ttftMs !== null) series.ttft.observe(outcome.ttftMs / 1000);
    if (outcome.attempts > 1) this.retries.inc({ model }, outcome.attempts - 1);
    const usage = outcome.usage;
    if (usage.promptTokens > 0) series.tokens.prompt.inc(usage.promptTokens);
    if (usage.completionTokens > 0) series.tokens.completion.inc(usage.completionTokens);
    if (usage.cachedTokens > 0) series.tokens.cached.inc(usage.cachedTokens);
    if (usage.reasoningTokens > 0) series.tokens.reasoning.inc(usage.reasoningTokens);
  }

  /**
   * The label-bound series of a model and endpoint, made once: prom-client hashes the label object
   * on every observation otherwise, and this runs for every request.
   */
  private seriesOf(model: string, endpoint: Endpoint): CompletedSeries {
    const key = `${model}\u0000${endpoint}`;
    let series = this.completedSeries.get(key);
    if (!series) {
      const byStatus = (status: OutcomeStatus) => this.requests.labels({ model, endpoint, status });
      const byKind = (kind: string) => this.tokens.labels({ model, kind });
      series = {
        requests: { completed: byStatus('completed'), client_disconnected: byStatus('client_disconnected'), failed_midway: byStatus('failed_midway'), failed: byStatus('failed') },
        latency: this.latency.labels({ model, endpoint }),
        ttft: this.ttft.labels({ model }),
        tokens: { prompt: byKind('prompt'), completion: byKind('completion'), cached: byKind('cached'), reasoning: byKind('reasoning') },
      };
      this.completedSeries.set(key, series);
    }
    return series;
  }

  /** The exposition text and its content type, for GET /metrics. */
  async render(): Promise<{ contentType: string; text: string }> {
    return { contentType: this.registry.contentType, text: await this.registry.metrics() };
  }
}
