import { Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { Deployment } from './deployment.ts';
import type { AttemptReport } from './fallback-loop.ts';
import type { Endpoint, OutcomeStatus, RequestOutcome } from './gateway-hooks.ts';
import type { InferenceObserver } from './inference-observer.ts';
import type { ModelRegistry } from './model-registry.ts';
import { RequestCounter, RequestHistogram, type CounterSeries, type HistogramSeries } from './request-metrics.ts';

interface CompletedSeries {
  requests: Record<OutcomeStatus, CounterSeries>;
  latency: HistogramSeries;
  ttft: HistogramSeries;
  tokens: Record<'prompt' | 'completion' | 'cached' | 'reasoning', CounterSeries>;
  retries: CounterSeries;
}

/** The series an attempt on a deployment updates, each made on its first use (no empty series in /metrics). */
interface AttemptSeries {
  model: string;
  deployment: string;
  success: CounterSeries | null;
  failure: CounterSeries | null;
  latency: HistogramSeries | null;
  ttft: HistogramSeries | null;
}

const circuitValue = { closed: 0, 'half-open': 1, open: 2 } as const;

/**
 * Prometheus metrics of the gateway: requests, latency and TTFT histograms, tokens, upstream
 * attempts, errors and retries by deployment, circuit state, in-flight calls and queue depth.
 */
export class PrometheusMetrics implements InferenceObserver {
  readonly registry = new Registry();
  private readonly requests: RequestCounter;
  private readonly latency: RequestHistogram;
  private readonly ttft: RequestHistogram;
  private readonly tokens: RequestCounter;
  private readonly attempts: RequestCounter;
  private readonly errors: RequestCounter;
  private readonly retries: RequestCounter;
  private readonly deploymentLatency: RequestHistogram;
  private readonly deploymentTtft: RequestHistogram;
  private readonly queueDepth: Gauge<'model'>;
  private readonly completedSeries = new Map<string, CompletedSeries>();
  private readonly attemptSeries = new WeakMap<Deployment, AttemptSeries>();

  constructor(models: ModelRegistry, queueDepthOf: (model: string) => number = () => 0) {
    collectDefaultMetrics({ register: this.registry, prefix: 'kaiyuan_process_' });
    const registers = [this.registry];
    const registry = this.registry;
    this.requests = new RequestCounter(
      'kaiyuan_requests_total',
      'Inference requests by outcome',
      ['model', 'endpoint', 'status'],
      registry,
    );
    this.latency = new RequestHistogram(
      'kaiyuan_request_duration_seconds',
      'Time from request to the end of the answer',
      ['model', 'endpoint'],
      [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
      registry,
    );
    this.ttft = new RequestHistogram(
      'kaiyuan_time_to_first_token_seconds',
      'Time to the first streamed token (whole answer when not streamed)',
      ['model'],
      [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
      registry,
    );
    this.tokens = new RequestCounter(
      'kaiyuan_tokens_total',
      'Tokens billed, by kind (prompt, completion, cached, reasoning)',
      ['model', 'kind'],
      registry,
    );
    this.attempts = new RequestCounter(
      'kaiyuan_upstream_attempts_total',
      'Upstream calls by deployment and outcome',
      ['model', 'deployment', 'outcome'],
      registry,
    );
    this.errors = new RequestCounter(
      'kaiyuan_upstream_errors_total',
      'Failed upstream calls by error code',
      ['model', 'deployment', 'code'],
      registry,
    );
    this.retries = new RequestCounter(
      'kaiyuan_retries_total',
      'Upstream attempts beyond the first of a request',
      ['model'],
      registry,
    );
    this.deploymentLatency = new RequestHistogram(
      'kaiyuan_deployment_latency_seconds',
      'Duration of successful upstream attempts by deployment (a stream: to its end)',
      ['model', 'deployment'],
      [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
      registry,
    );
    this.deploymentTtft = new RequestHistogram(
      'kaiyuan_deployment_time_to_first_token_seconds',
      'Time to the first chunk of successful streamed attempts by deployment (whole answer when not streamed)',
      ['model', 'deployment'],
      [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
      registry,
    );
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
        for (const deployment of models.deployments())
          this.set(
            { model: deployment.model, deployment: deployment.id },
            circuitValue[deployment.state.circuit.state],
          );
      },
    });
    new Gauge({
      name: 'kaiyuan_deployment_inflight',
      help: 'Upstream calls in flight per deployment',
      labelNames: ['model', 'deployment'],
      registers,
      collect() {
        for (const deployment of models.deployments())
          this.set({ model: deployment.model, deployment: deployment.id }, deployment.state.inflight);
      },
    });
  }

  attempt(model: string, report: AttemptReport): void {
    const series = this.attemptSeriesOf(model, report.deployment);
    if (report.error) {
      (series.failure ??= this.attempts.of(model, series.deployment, 'failure')).value++;
      this.errors.of(model, series.deployment, report.error.code).value++;
      return;
    }
    (series.success ??= this.attempts.of(model, series.deployment, 'success')).value++;
    (series.latency ??= this.deploymentLatency.of(model, series.deployment)).observe(report.elapsedMs / 1000);
    (series.ttft ??= this.deploymentTtft.of(model, series.deployment)).observe(
      (report.ttftMs ?? report.elapsedMs) / 1000,
    );
  }

  /** The attempt series of a model's deployment: one lookup per attempt instead of three label joins. */
  private attemptSeriesOf(model: string, deployment: Deployment): AttemptSeries {
    let series = this.attemptSeries.get(deployment);
    // A deployment serves one model; the check keeps the labels right for any caller that mixes them.
    if (!series || series.model !== model) {
      series = { model, deployment: deployment.id, success: null, failure: null, latency: null, ttft: null };
      this.attemptSeries.set(deployment, series);
    }
    return series;
  }

  completed(model: string, endpoint: Endpoint, outcome: RequestOutcome): void {
    const series = this.seriesOf(model, endpoint);
    series.requests[outcome.status].value++;
    series.latency.observe(outcome.latencyMs / 1000);
    if (outcome.ttftMs !== null) series.ttft.observe(outcome.ttftMs / 1000);
    if (outcome.attempts > 1) series.retries.value += outcome.attempts - 1;
    const usage = outcome.usage;
    const tokens = series.tokens;
    tokens.prompt.value += usage.promptTokens;
    tokens.completion.value += usage.completionTokens;
    tokens.cached.value += usage.cachedTokens;
    tokens.reasoning.value += usage.reasoningTokens;
  }

  /** The series a finished request of a model and endpoint updates, looked up once per pair. */
  private seriesOf(model: string, endpoint: Endpoint): CompletedSeries {
    const key = `${model}\u0000${endpoint}`;
    let series = this.completedSeries.get(key);
    if (!series) {
      const byStatus = (status: OutcomeStatus) => this.requests.of(model, endpoint, status);
      const byKind = (kind: string) => this.tokens.of(model, kind);
      series = {
        requests: {
          completed: byStatus('completed'),
          client_disconnected: byStatus('client_disconnected'),
          failed_midway: byStatus('failed_midway'),
          failed: byStatus('failed'),
        },
        latency: this.latency.of(model, endpoint),
        ttft: this.ttft.of(model),
        tokens: {
          prompt: byKind('prompt'),
          completion: byKind('completion'),
          cached: byKind('cached'),
          reasoning: byKind('reasoning'),
        },
        retries: this.retries.of(model),
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
