/**
 * An inference service over real OpenAI-compatible providers pointed at fake upstreams, with a
 * gatekeeper that records every settled outcome (the bill): the rig of the routing fault suites.
 */
import pino from 'pino';
import type { RoutingStrategy } from '../../src/config/config-schema.ts';
import { deploymentFor } from '../../src/channels/build-model-registry.ts';
import { PublishedModels } from '../../src/channels/published-models.ts';
import { upstreamInstance } from '../../src/channels/provider-registry.ts';
import type { CircuitBreakerSettings } from '../../src/inference/circuit-breaker.ts';
import type { Deployment } from '../../src/inference/deployment.ts';
import type { Admission, AdmissionRequest, Gatekeeper, RequestOutcome } from '../../src/inference/gateway-hooks.ts';
import { InferenceService, type InferenceAnswer } from '../../src/inference/inference-service.ts';
import type { ModelEntry } from '../../src/inference/model-registry.ts';
import type { SseSink } from '../../src/inference/sse-sink.ts';
import { testModelEntry } from '../../src/inference/testing/model-entry.ts';
import type { RetryPolicy } from '../../src/inference/attempt-outcome.ts';
import type { SharedRoutingState } from '../../src/inference/shared-routing-state.ts';

export class RecordingGatekeeper implements Gatekeeper {
  admitted: AdmissionRequest[] = [];
  settled: RequestOutcome[] = [];
  async admit(request: AdmissionRequest): Promise<Admission> {
    this.admitted.push(request);
    return { headers: {}, priority: 0, settle: async (outcome) => void this.settled.push(outcome) };
  }
  /** Tokens billed: nothing for failed requests. */
  get billedTokens(): number {
    return this.settled
      .filter((outcome) => outcome.status !== 'failed')
      .reduce((sum, outcome) => sum + outcome.usage.promptTokens + outcome.usage.completionTokens, 0);
  }
}

export class TextSink implements SseSink {
  text = '';
  closed = false;
  open() {}
  write(text: string) {
    this.text += text;
    return true;
  }
  async drain() {}
  end() {}
}

export interface UpstreamSpec {
  name: string;
  url: string;
  priority?: number;
  maxConcurrency?: number;
  firstByteMs?: number;
  idleMs?: number;
  retry?: RetryPolicy;
}

export interface RigOptions {
  strategy?: RoutingStrategy;
  maxAttempts?: number;
  budgetMs?: number;
  circuit?: Partial<CircuitBreakerSettings>;
  model?: string;
  /** Routing state shared with other rigs (replicas); default in memory. */
  shared?: SharedRoutingState;
}

export const rigCircuit: CircuitBreakerSettings = {
  failureThreshold: 3,
  cooldownMs: 60_000,
  maxCooldownMs: 60_000,
  failureRate: 0.5,
  minimumCalls: 5,
  windowMs: 60_000,
};

export function modelOf(specs: UpstreamSpec[], options: RigOptions = {}): ModelEntry {
  const model = options.model ?? 'chat-model';
  const deployments: Deployment[] = specs.map((spec) => {
    const instance = upstreamInstance(
      spec.name,
      null,
      { baseUrl: spec.url, apiKey: 'sk-upstream', maxConnections: 16 },
      'config',
    );
    return deploymentFor(
      model,
      { ...instance, tags: [] },
      {
        provider: spec.name,
        model: 'upstream-model',
        priority: spec.priority ?? 0,
        ...(spec.maxConcurrency ? { maxConcurrency: spec.maxConcurrency } : {}),
        timeouts: {
          firstByteMs: spec.firstByteMs ?? 2_000,
          idleMs: spec.idleMs ?? 2_000,
          totalMs: 10_000,
          connectMs: 1_000,
        },
        ...(spec.retry ? { retry: spec.retry } : {}),
      },
      { ...rigCircuit, ...options.circuit },
    );
  });
  return testModelEntry({
    id: model,
    name: model,
    contextLength: 8192,
    capabilities: ['chat'],
    strategy: options.strategy ?? 'priority',
    deployments,
  });
}

export function rig(specs: UpstreamSpec[], options: RigOptions = {}) {
  const entry = modelOf(specs, options);
  const registry = new PublishedModels([entry]);
  const gatekeeper = new RecordingGatekeeper();
  const service = new InferenceService(
    registry,
    gatekeeper,
    pino({ level: 'silent' }),
    null,
    {
      maxAttempts: options.maxAttempts ?? 3,
      budgetMs: options.budgetMs ?? 8_000,
      backoffBaseMs: 10,
      backoffMaxMs: 100,
    },
    undefined,
    options.shared,
  );
  return { service, gatekeeper, deployments: entry.deployments, registry };
}

export const chatBody = (stream: boolean, model = 'chat-model') => ({
  model,
  messages: [{ role: 'user', content: 'hello' }],
  ...(stream ? { stream: true } : {}),
});

export const requestContext = () => ({
  requestId: `req_${Math.random().toString(36).slice(2)}`,
  principal: null,
  signal: new AbortController().signal,
});

export async function streamText(answer: InferenceAnswer): Promise<string> {
  if (answer.kind !== 'stream') throw new Error('expected a stream');
  const sink = new TextSink();
  await answer.pipe(sink);
  return sink.text;
}

/** The content the client received from an SSE text. */
export function contentOf(sse: string): string {
  return sse
    .split('\n\n')
    .filter((line) => line.startsWith('data: {'))
    .map((line) => JSON.parse(line.slice(6)).choices?.[0]?.delta?.content ?? '')
    .join('');
}

/** The `error` of the error event in an SSE text, if any. */
export function streamError(sse: string): { code: string; message: string } | undefined {
  const line = sse.split('\n\n').find((frame) => frame.startsWith('data: {"error"'));
  return line ? JSON.parse(line.slice(6)).error : undefined;
}
