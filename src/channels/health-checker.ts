import type { Logger } from 'pino';
import { toKaiyuanError } from '../util/errors.ts';
import type { Deployment } from '../inference/deployment.ts';
import type { ModelRegistry } from '../inference/model-registry.ts';
import { timeoutError, withTimeout } from '../inference/timeouts.ts';
import type { CancelSignal } from '../util/cancel-signal.ts';

export interface HealthCheckSettings {
  intervalMs: number;
  timeoutMs: number;
}

/**
 * Probes deployments that saw no traffic for an interval (and open circuits whose cooldown has
 * passed), so a dead idle deployment is known before a client request pays for finding out. The
 * probe is what clients use — a one-token completion of the deployment's own endpoint (chat, or
 * embeddings for an embedding model) — so a server whose model list answers while its completions
 * fail is not "healthy". A probe closes only a circuit that probes opened: one that real traffic
 * opened waits for a real request's trial, so a passing probe cannot undo what clients learned.
 */
export class HealthChecker {
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(
    private readonly models: ModelRegistry,
    private readonly settings: HealthCheckSettings,
    private readonly logger: Logger,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.checkIdle(), this.settings.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Checks every idle deployment once; returns how many were probed. */
  async checkIdle(now = Date.now()): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    try {
      const due = this.models
        .deployments()
        .filter((deployment) => deployment.enabled && isDue(deployment, now, this.settings.intervalMs));
      await Promise.all(due.map((deployment) => this.probe(deployment)));
      return due.length;
    } finally {
      this.running = false;
    }
  }

  async probe(deployment: Deployment): Promise<boolean> {
    const controller = new AbortController();
    const state = deployment.state;
    const circuit = state.circuit;
    if (circuit.state === 'open') return false;
    const trial = circuit.state === 'half-open';
    if (trial && !circuit.tryAcquire()) return false;
    try {
      await withTimeout(
        this.call(deployment, controller.signal),
        this.settings.timeoutMs,
        () => timeoutError('the health check', this.settings.timeoutMs, 'response'),
        () => controller.abort(),
      );
      state.health = 'healthy';
      state.lastActivityAt = Date.now();
      if (trial) {
        if (circuit.openedBy === 'probe') circuit.onSuccess();
        else circuit.onAbandoned();
      }
      return true;
    } catch (thrown) {
      const error = toKaiyuanError(thrown);
      state.health = 'unhealthy';
      state.recordFailure(error.code, `health check: ${error.message}`, { opener: 'probe' });
      this.logger.warn({ deployment: deployment.id, code: error.code }, 'deployment failed its health check');
      return false;
    }
  }

  private async call(deployment: Deployment, signal: CancelSignal): Promise<void> {
    const provider = deployment.provider;
    const call = (body: Record<string, unknown>) => ({
      upstreamModel: deployment.upstreamModel,
      body: { model: deployment.upstreamModel, ...body },
      signal,
      timeouts: deployment.timeouts,
      requestId: `health_${deployment.id}`,
    });
    if (this.servesOnlyEmbeddings(deployment) && provider.embeddings) {
      await provider.embeddings(call({ input: 'ping' }));
      return;
    }
    await provider.chat(call({ messages: [{ role: 'user', content: 'ping' }], max_tokens: 1 }));
  }

  private servesOnlyEmbeddings(deployment: Deployment): boolean {
    const capabilities = this.models.get(deployment.model)?.capabilities ?? [];
    return capabilities.length > 0 && capabilities.every((capability) => capability === 'embeddings');
  }
}

function isDue(deployment: Deployment, now: number, intervalMs: number): boolean {
  const circuit = deployment.state.circuit.state;
  if (circuit === 'half-open') return true;
  if (circuit === 'open') return false;
  return now - deployment.state.lastActivityAt >= intervalMs;
}
