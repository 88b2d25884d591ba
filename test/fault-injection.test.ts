/**
 * Fault injection: a real OpenAI-compatible provider over HTTP against programmable fake upstreams.
 * Each scenario asserts what the client sees and what is billed (the outcome handed to settle).
 */
import { createServer } from 'node:net';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { RoutingStrategy } from '../src/config/config-schema.ts';
import { deploymentFor } from '../src/channels/build-model-registry.ts';
import { PublishedModels } from '../src/channels/published-models.ts';
import { testModelEntry } from '../src/inference/testing/model-entry.ts';
import { upstreamInstance } from '../src/channels/provider-registry.ts';
import type { Admission, AdmissionRequest, Gatekeeper, RequestOutcome } from '../src/inference/gateway-hooks.ts';
import { InferenceService, type InferenceAnswer } from '../src/inference/inference-service.ts';
import type { SseSink } from '../src/inference/sse-sink.ts';
import { FakeUpstream, type UpstreamBehaviour } from './support/fake-upstream.ts';

class RecordingGatekeeper implements Gatekeeper {
  settled: RequestOutcome[] = [];
  async admit(_request: AdmissionRequest): Promise<Admission> {
    return { headers: {}, priority: 0, settle: async (outcome) => void this.settled.push(outcome) };
  }
  /** Tokens billed: nothing for failed requests. */
  get billedTokens(): number {
    return this.settled
      .filter((outcome) => outcome.status !== 'failed')
      .reduce((sum, outcome) => sum + outcome.usage.promptTokens + outcome.usage.completionTokens, 0);
  }
}

class TextSink implements SseSink {
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

interface Upstream {
  name: string;
  url: string;
  priority?: number;
  tags?: string[];
  firstByteMs?: number;
  idleMs?: number;
}

const upstreams: FakeUpstream[] = [];
afterEach(async () => {
  await Promise.all(upstreams.splice(0).map((upstream) => upstream.close()));
});

async function fake(behaviour: (index: number) => UpstreamBehaviour, tokens = 8): Promise<FakeUpstream> {
  const upstream = await new FakeUpstream({ behaviour, tokens }).start();
  upstreams.push(upstream);
  return upstream;
}

async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/v1`;
}

function gateway(specs: Upstream[], strategy: RoutingStrategy = 'priority', maxAttempts = 3) {
  const deployments = specs.map((spec) => {
    const instance = upstreamInstance(
      spec.name,
      null,
      { baseUrl: spec.url, apiKey: 'sk-upstream', maxConnections: 16 },
      'config',
    );
    return deploymentFor(
      'chat-model',
      { ...instance, tags: spec.tags ?? [] },
      {
        provider: spec.name,
        model: 'upstream-model',
        priority: spec.priority ?? 0,
        timeouts: {
          firstByteMs: spec.firstByteMs ?? 2_000,
          idleMs: spec.idleMs ?? 2_000,
          totalMs: 10_000,
          connectMs: 1_000,
        },
      },
      { failureThreshold: 3, cooldownMs: 60_000, maxCooldownMs: 60_000 },
    );
  });
  const registry = new PublishedModels([
    testModelEntry({ id: 'chat-model', name: 'c', contextLength: 8192, capabilities: ['chat'], strategy, deployments }),
  ]);
  const gatekeeper = new RecordingGatekeeper();
  const service = new InferenceService(registry, gatekeeper, pino({ level: 'silent' }), null, {
    maxAttempts,
    budgetMs: 8_000,
    backoffBaseMs: 10,
    backoffMaxMs: 100,
  });
  return { service, gatekeeper, deployments };
}

const body = (stream: boolean) => ({
  model: 'chat-model',
  messages: [{ role: 'user', content: 'hello' }],
  ...(stream ? { stream: true } : {}),
});
const context = (principal: Record<string, unknown> | null = null) => ({
  requestId: `req_${Math.random()}`,
  principal: principal as never,
  signal: new AbortController().signal,
});

async function streamText(answer: InferenceAnswer): Promise<string> {
  if (answer.kind !== 'stream') throw new Error('expected a stream');
  const sink = new TextSink();
  await answer.pipe(sink);
  return sink.text;
}

function contentOf(sse: string): string {
  return sse
    .split('\n\n')
    .filter((line) => line.startsWith('data: {'))
    .map((line) => JSON.parse(line.slice(6)).choices?.[0]?.delta?.content ?? '')
    .join('');
}

describe('fault injection', () => {
  it('429 with Retry-After: waits as told, then the retry succeeds; billed once', async () => {
    const upstream = await fake((index) =>
      index === 0 ? { kind: 'status', status: 429, retryAfter: '1' } : { kind: 'ok' },
    );
    const { service, gatekeeper } = gateway([{ name: 'only', url: upstream.url }]);
    const started = Date.now();
    const answer = await service.chat(context(), body(false));
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(answer.kind === 'json' && JSON.parse(answer.text).choices[0].message.content).toBe(upstream.answerText());
    expect(gatekeeper.settled).toEqual([
      expect.objectContaining({
        status: 'completed',
        attempts: 2,
        usage: expect.objectContaining({ completionTokens: 8 }),
      }),
    ]);
  });

  it('429 without Retry-After: falls back to the secondary at once', async () => {
    const primary = await fake(() => ({ kind: 'status', status: 429 }));
    const secondary = await fake(() => ({ kind: 'ok' }));
    const { service, gatekeeper } = gateway([
      { name: 'primary', url: primary.url },
      { name: 'secondary', url: secondary.url, priority: 1 },
    ]);
    const answer = await service.chat(context(), body(false));
    expect(answer.headers['x-kaiyuan-deployment']).toBe('chat-model@secondary');
    expect(gatekeeper.settled[0]).toMatchObject({
      status: 'completed',
      attempts: 2,
      servedBy: { provider: 'secondary' },
    });
  });

  it('connection refused: falls back; the client sees a normal answer', async () => {
    const secondary = await fake(() => ({ kind: 'ok' }));
    const { service, gatekeeper, deployments } = gateway([
      { name: 'dead', url: await closedPortUrl() },
      { name: 'alive', url: secondary.url, priority: 1 },
    ]);
    const text = await streamText(await service.chat(context(), body(true)));
    expect(contentOf(text)).toBe(secondary.answerText());
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
    expect(deployments[0]!.state.lastError?.code).toBe('upstream_connection_failed');
    expect(gatekeeper.settled[0]).toMatchObject({ status: 'completed', attempts: 2 });
  });

  it('connection reset before the answer: falls back', async () => {
    const primary = await fake(() => ({ kind: 'reset' }));
    const secondary = await fake(() => ({ kind: 'ok' }));
    const { service, gatekeeper } = gateway([
      { name: 'primary', url: primary.url },
      { name: 'secondary', url: secondary.url, priority: 1 },
    ]);
    await service.chat(context(), body(false));
    expect(gatekeeper.settled[0]).toMatchObject({ status: 'completed', servedBy: { provider: 'secondary' } });
  });

  it('stall before the first byte: times out after firstByteMs and falls back', async () => {
    const primary = await fake(() => ({ kind: 'stall-first-byte', ms: 5_000 }));
    const secondary = await fake(() => ({ kind: 'ok' }));
    const { service, gatekeeper } = gateway([
      { name: 'primary', url: primary.url, firstByteMs: 200 },
      { name: 'secondary', url: secondary.url, priority: 1 },
    ]);
    const started = Date.now();
    const text = await streamText(await service.chat(context(), body(true)));
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(contentOf(text)).toBe(secondary.answerText());
    expect(gatekeeper.settled[0]).toMatchObject({ status: 'completed', attempts: 2 });
  });

  it('stall mid-stream: the client gets an error event after idleMs, billed for what it received', async () => {
    const upstream = await fake(() => ({ kind: 'stall-mid-stream', afterTokens: 3, ms: 5_000 }));
    const { service, gatekeeper } = gateway([{ name: 'only', url: upstream.url, idleMs: 300 }]);
    const text = await streamText(await service.chat(context(), body(true)));
    expect(contentOf(text)).toBe('t0 t1 t2 ');
    expect(text).toContain('"code":"upstream_timeout"');
    expect(text).not.toContain('[DONE]');
    expect(gatekeeper.settled[0]).toMatchObject({ status: 'failed_midway', usageEstimated: true });
    expect(gatekeeper.settled[0]!.usage.completionTokens).toBeGreaterThan(0);
  });

  it('stream cut after N tokens: error event, no clean end; billed for the delivered tokens only', async () => {
    const upstream = await fake(() => ({ kind: 'cut', afterTokens: 4 }), 40);
    const { service, gatekeeper } = gateway([{ name: 'only', url: upstream.url }]);
    const text = await streamText(await service.chat(context(), body(true)));
    expect(contentOf(text)).toBe('t0 t1 t2 t3 ');
    expect(text).toMatch(/"code":"upstream_(stream_cut|connection_failed)"/);
    expect(text).not.toContain('[DONE]');
    const outcome = gatekeeper.settled[0]!;
    expect(outcome.status).toBe('failed_midway');
    expect(outcome.usage.completionTokens).toBeLessThan(20);
  });

  it('malformed chunk: error event, never a silent truncation', async () => {
    const upstream = await fake(() => ({ kind: 'malformed', afterTokens: 2 }));
    const { service, gatekeeper } = gateway([{ name: 'only', url: upstream.url }]);
    const text = await streamText(await service.chat(context(), body(true)));
    expect(text).toContain('"code":"upstream_malformed_chunk"');
    expect(text).not.toContain('[DONE]');
    expect(gatekeeper.settled[0]!.status).toBe('failed_midway');
  });

  it('HTTP 200 with an error body: treated as a failure and retried elsewhere', async () => {
    const primary = await fake(() => ({ kind: 'error-in-200' }));
    const secondary = await fake(() => ({ kind: 'ok' }));
    const { service, gatekeeper } = gateway([
      { name: 'primary', url: primary.url },
      { name: 'secondary', url: secondary.url, priority: 1 },
    ]);
    const answer = await service.chat(context(), body(false));
    expect(answer.kind === 'json' && JSON.parse(answer.text).error).toBeUndefined();
    expect(gatekeeper.settled[0]).toMatchObject({ status: 'completed', servedBy: { provider: 'secondary' } });
  });

  it('a primary that flaps: its circuit opens and later requests cost one attempt', async () => {
    const primary = await fake((index) =>
      index % 2 === 0 ? { kind: 'status', status: 503 } : { kind: 'status', status: 500 },
    );
    const secondary = await fake(() => ({ kind: 'ok' }));
    const { service, gatekeeper, deployments } = gateway([
      { name: 'primary', url: primary.url },
      { name: 'secondary', url: secondary.url, priority: 1 },
    ]);
    for (let index = 0; index < 6; index++) await service.chat(context(), body(false));
    expect(deployments[0]!.state.circuit.state).toBe('open');
    expect(gatekeeper.settled.map((outcome) => outcome.attempts)).toEqual([2, 2, 2, 1, 1, 1]);
    expect(primary.chatCalls).toBe(3);
  });

  it('a slow primary beside a fast secondary: least-latency moves traffic to the fast one', async () => {
    const slow = await fake(() => ({ kind: 'ok', delayMs: 150 }));
    const fast = await fake(() => ({ kind: 'ok' }));
    const { service, gatekeeper } = gateway(
      [
        { name: 'slow', url: slow.url },
        { name: 'fast', url: fast.url },
      ],
      'least-latency',
    );
    for (let index = 0; index < 8; index++) await service.chat(context(), body(false));
    const servedBy = gatekeeper.settled.map((outcome) => outcome.servedBy?.provider);
    expect(servedBy.slice(2).every((provider) => provider === 'fast')).toBe(true);
  });

  it('all deployments down: a clear error after bounded attempts, nothing billed', async () => {
    const first = await fake(() => ({ kind: 'status', status: 502 }));
    const { service, gatekeeper } = gateway(
      [
        { name: 'first', url: first.url },
        { name: 'second', url: await closedPortUrl(), priority: 1 },
      ],
      'priority',
      4,
    );
    const error = await service.chat(context(), body(true)).catch((thrown) => thrown);
    expect(error.status).toBe(502);
    expect(error.code).toMatch(/^upstream_/);
    expect(gatekeeper.settled).toEqual([expect.objectContaining({ status: 'failed' })]);
    expect(gatekeeper.billedTokens).toBe(0);
    expect(first.chatCalls).toBe(2);
  });

  it('residency policy with no allowed deployment: a clear 403, the request goes nowhere', async () => {
    const foreign = await fake(() => ({ kind: 'ok' }));
    const { service, gatekeeper } = gateway([{ name: 'foreign', url: foreign.url, tags: ['global'] }]);
    const error = await service
      .chat(context({ allowedRegions: ['cn'], allowedModels: [] }), body(false))
      .catch((thrown) => thrown);
    expect(error).toMatchObject({ status: 403, code: 'residency_no_deployment' });
    expect(error.message).toContain('(cn)');
    expect(foreign.chatCalls).toBe(0);
    expect(gatekeeper.billedTokens).toBe(0);
  });
});
