import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { RoutingStrategy } from '../config/config-schema.ts';
import { SimulatorProvider } from '../providers/simulator/simulator-provider.ts';
import { deploymentFor } from '../channels/build-model-registry.ts';
import { PublishedModels } from '../channels/published-models.ts';
import { testModelEntry } from './testing/model-entry.ts';
import type { Admission, AdmissionRequest, Gatekeeper, RequestOutcome } from './gateway-hooks.ts';
import { InferenceService, type InferenceAnswer } from './inference-service.ts';
import type { SseSink } from './sse-sink.ts';

class RecordingGatekeeper implements Gatekeeper {
  admitted: AdmissionRequest[] = [];
  settled: RequestOutcome[] = [];
  async admit(request: AdmissionRequest): Promise<Admission> {
    this.admitted.push(request);
    return {
      headers: { 'x-ratelimit-limit-requests': '100' },
      priority: 1,
      settle: async (outcome) => void this.settled.push(outcome),
    };
  }
}

class MemorySink implements SseSink {
  text = '';
  headers: Record<string, string> = {};
  closed = false;
  ended = false;
  constructor(private closeAfterWrites = Infinity) {}
  open(headers: Record<string, string>) {
    this.headers = headers;
  }
  write(text: string) {
    this.text += text;
    if (--this.closeAfterWrites <= 0) this.closed = true;
    return true;
  }
  async drain() {}
  end() {
    this.ended = true;
  }
}

interface DeploymentSpec {
  name: string;
  options?: Record<string, unknown>;
  priority?: number;
  firstByteMs?: number;
}

function setup(specs: DeploymentSpec[], strategy: RoutingStrategy = 'priority') {
  const deployments = specs.map((spec) =>
    deploymentFor(
      'model-x',
      {
        name: spec.name,
        provider: new SimulatorProvider(spec.name, { latencyMs: 0, tokensPerSecond: 0, ...spec.options }),
        tags: [],
        timeouts: {},
        source: 'config',
        preset: null,
      },
      {
        provider: spec.name,
        model: 'sim-chat',
        priority: spec.priority ?? 0,
        timeouts: spec.firstByteMs ? { firstByteMs: spec.firstByteMs } : {},
      },
      { failureThreshold: 2, cooldownMs: 60_000, maxCooldownMs: 60_000 },
    ),
  );
  const registry = new PublishedModels([
    testModelEntry({
      id: 'model-x',
      name: 'X',
      contextLength: 8192,
      capabilities: ['chat', 'completions'],
      strategy,
      deployments,
    }),
  ]);
  const gatekeeper = new RecordingGatekeeper();
  const service = new InferenceService(registry, gatekeeper, pino({ level: 'silent' }), null, {
    maxAttempts: 3,
    budgetMs: 5_000,
    backoffBaseMs: 1,
    backoffMaxMs: 5,
  });
  return { service, gatekeeper, deployments };
}

const context = () => ({ requestId: 'req_1', principal: null, signal: new AbortController().signal });
const chatBody = (extra: Record<string, unknown> = {}) => ({
  model: 'model-x',
  messages: [{ role: 'user', content: 'Tell me about open models' }],
  ...extra,
});

async function drain(answer: InferenceAnswer, sink = new MemorySink()): Promise<MemorySink> {
  if (answer.kind !== 'stream') throw new Error('expected a stream');
  await answer.pipe(sink);
  return sink;
}

describe('InferenceService', () => {
  it('admits with an estimate and settles a completed answer once, with upstream usage', async () => {
    const { service, gatekeeper } = setup([{ name: 'a' }]);
    const answer = await service.chat(context(), chatBody({ max_tokens: 100, n: 2 }));
    expect(answer.kind).toBe('json');
    expect(gatekeeper.admitted[0]).toMatchObject({ model: 'model-x', maxOutputTokens: 200, stream: false });
    expect(gatekeeper.admitted[0]!.promptTokens).toBeGreaterThan(0);
    expect(gatekeeper.settled).toHaveLength(1);
    expect(gatekeeper.settled[0]).toMatchObject({
      status: 'completed',
      usageEstimated: false,
      attempts: 1,
      servedBy: { deploymentId: 'model-x@a' },
    });
    expect(answer.headers['x-ratelimit-limit-requests']).toBe('100');
  });

  it('falls back to the next deployment on 429 and bills only the successful attempt', async () => {
    const { service, gatekeeper, deployments } = setup([
      { name: 'primary', options: { faults: [{ kind: 'status', status: 429 }] } },
      { name: 'secondary', priority: 1 },
    ]);
    const answer = await service.chat(context(), chatBody());
    expect(answer.headers['x-kaiyuan-deployment']).toBe('model-x@secondary');
    expect(gatekeeper.settled).toEqual([expect.objectContaining({ status: 'completed', attempts: 2 })]);
    expect(deployments[0]!.state.failures).toBe(1);
  });

  it('never retries a request the upstream rejected as the client’s fault', async () => {
    const { service, gatekeeper } = setup([{ name: 'a' }, { name: 'b', priority: 1 }]);
    const error = await service.chat(context(), { model: 'model-x', messages: [] }).catch((thrown) => thrown);
    expect(error).toMatchObject({ status: 400, param: 'messages' });
    expect(gatekeeper.settled).toEqual([expect.objectContaining({ status: 'failed', attempts: 1 })]);
  });

  it('gives up after maxAttempts when every deployment fails, and bills nothing', async () => {
    const { service, gatekeeper } = setup([
      { name: 'a', options: { faults: [{ kind: 'status', status: 503 }] } },
      { name: 'b', priority: 1, options: { faults: [{ kind: 'reset' }] } },
    ]);
    const error = await service.chat(context(), chatBody()).catch((thrown) => thrown);
    expect(error).toMatchObject({ status: 502, retryable: true });
    expect(gatekeeper.settled).toEqual([expect.objectContaining({ status: 'failed', errorCode: error.code })]);
  });

  it('falls back when the primary stalls before the first byte', async () => {
    const { service } = setup([
      { name: 'slow', firstByteMs: 100, options: { faults: [{ kind: 'stall', stallMs: 5_000 }] } },
      { name: 'fast', priority: 1 },
    ]);
    const started = Date.now();
    const answer = await service.chat(context(), chatBody({ stream: true }));
    const sink = await drain(answer);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(sink.headers['x-kaiyuan-deployment']).toBe('model-x@fast');
    expect(sink.text.endsWith('data: [DONE]\n\n')).toBe(true);
  });

  it('ends a stream cut mid-way with an error event, no [DONE], and bills what was delivered', async () => {
    const { service, gatekeeper } = setup([
      { name: 'a', options: { faults: [{ kind: 'cut', afterTokens: 5 }] } },
      { name: 'b', priority: 1 },
    ]);
    const sink = await drain(await service.chat(context(), chatBody({ stream: true })));
    expect(sink.text).toContain('"code":"upstream_stream_cut"');
    expect(sink.text).not.toContain('[DONE]');
    expect(sink.ended).toBe(true);
    const outcome = gatekeeper.settled[0]!;
    expect(outcome).toMatchObject({ status: 'failed_midway', usageEstimated: true });
    expect(outcome.usage.completionTokens).toBeGreaterThanOrEqual(4);
    expect(outcome.usage.completionTokens).toBeLessThanOrEqual(6);
  });

  it('settles before the closing bytes, and strips the usage chunk the client did not ask for', async () => {
    const { service, gatekeeper } = setup([{ name: 'a' }]);
    const answer = await service.chat(context(), chatBody({ stream: true }));
    let settledBeforeDone = false;
    const sink = new MemorySink();
    const write = sink.write.bind(sink);
    sink.write = (text: string) => {
      if (text.includes('[DONE]')) settledBeforeDone = gatekeeper.settled.length === 1;
      return write(text);
    };
    await drain(answer, sink);
    expect(settledBeforeDone).toBe(true);
    expect(sink.text).not.toContain('"usage"');
    expect(gatekeeper.settled[0]).toMatchObject({ status: 'completed', usageEstimated: false });
    expect(gatekeeper.settled[0]!.usage.completionTokens).toBe(48);
  });

  it('bills what was delivered when the client disconnects, and frees the deployment', async () => {
    const { service, gatekeeper, deployments } = setup([{ name: 'a', options: { tokensPerSecond: 200 } }]);
    const sink = await drain(await service.chat(context(), chatBody({ stream: true })), new MemorySink(6));
    expect(sink.ended).toBe(true);
    const outcome = gatekeeper.settled[0]!;
    expect(outcome.status).toBe('client_disconnected');
    expect(outcome.usage.completionTokens).toBeGreaterThan(0);
    expect(outcome.usage.completionTokens).toBeLessThan(48);
    expect(deployments[0]!.state.inflight).toBe(0);
  });

  it('estimates usage with the tokenizer when the upstream reports none, and synthesizes the usage chunk if asked', async () => {
    const { service, gatekeeper } = setup([{ name: 'a', options: { omitUsage: true } }]);
    const sink = await drain(
      await service.chat(context(), chatBody({ stream: true, stream_options: { include_usage: true } })),
    );
    expect(gatekeeper.settled[0]).toMatchObject({ status: 'completed', usageEstimated: true });
    expect(gatekeeper.settled[0]!.usage.completionTokens).toBeGreaterThan(20);
    expect(sink.text).toMatch(/"choices":\[\],"usage":\{"prompt_tokens":\d+/);
  });

  it('opens the circuit of a flapping deployment so that later requests skip it', async () => {
    const { service, gatekeeper, deployments } = setup([
      { name: 'flaky', options: { faults: [{ kind: 'status', status: 500 }] } },
      { name: 'steady', priority: 1 },
    ]);
    for (let index = 0; index < 4; index++) await service.chat(context(), chatBody());
    expect(deployments[0]!.state.circuit.state).toBe('open');
    expect(gatekeeper.settled.map((outcome) => outcome.attempts)).toEqual([2, 2, 1, 1]);
  });
});
