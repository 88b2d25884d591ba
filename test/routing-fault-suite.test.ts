/**
 * The routing fault suite: for each way an upstream fails — cut, stall mid-stream, stall before the
 * headers, 500, 429 with Retry-After, flapping, all down, an error inside a 200 — what the client
 * gets, how many attempts it took, the breaker state afterwards and the bill. Every request must
 * answer within the routing budget plus 250 ms, streamed or not.
 */
import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { estimateUsage } from '../src/inference/usage-estimate.ts';
import type { InferenceAnswer } from '../src/inference/inference-service.ts';
import { FakeUpstream, type UpstreamBehaviour } from './support/fake-upstream.ts';
import { chatBody, contentOf, requestContext, rig, streamError, streamText } from './support/routing-gateway.ts';

const BUDGET_MS = 1_500;
const upstreams: FakeUpstream[] = [];
const durations: number[] = [];

afterEach(async () => {
  await Promise.all(upstreams.splice(0).map((upstream) => upstream.close()));
});

beforeAll(() => {
  // Load the tokenizer (used to bill what a cut stream delivered) before the clock matters.
  estimateUsage('chat', chatBody(false), 'warm up');
});

afterAll(() => {
  // The promise of the suite: nobody waited past the budget, whatever the upstreams did.
  expect(Math.max(...durations)).toBeLessThanOrEqual(BUDGET_MS + 250);
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

/** Runs one request to its end (a stream: to its last byte) and records how long the client waited. */
async function timed<T>(run: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    return await run();
  } finally {
    durations.push(Date.now() - started);
  }
}

type Result = { answer?: InferenceAnswer; text?: string; error?: any; elapsedMs: number };

async function request(service: ReturnType<typeof rig>['service'], stream: boolean): Promise<Result> {
  const started = Date.now();
  return timed(async () => {
    try {
      const answer = await service.chat(requestContext(), chatBody(stream));
      const text = answer.kind === 'stream' ? await streamText(answer) : answer.text;
      return { answer, text, elapsedMs: Date.now() - started };
    } catch (error) {
      return { error, elapsedMs: Date.now() - started };
    }
  });
}

describe('routing fault suite', () => {
  it('cut after the first chunk: the client gets upstream_stream_cut; the breaker learns it and later streams go to the healthy deployment', async () => {
    const broken = await fake(() => ({ kind: 'cut', afterTokens: 1 }), 8);
    const healthy = await fake(() => ({ kind: 'ok' }));
    const { service, gatekeeper, deployments } = rig(
      [
        { name: 'broken', url: broken.url },
        { name: 'healthy', url: healthy.url, priority: 1 },
      ],
      { budgetMs: BUDGET_MS },
    );
    const results: Result[] = [];
    for (let index = 0; index < 10; index++) results.push(await request(service, true));
    // The first three were committed to the broken deployment before it cut them.
    for (const result of results.slice(0, 3)) {
      expect(contentOf(result.text!)).toBe('t0 ');
      expect(streamError(result.text!)).toMatchObject({ code: 'upstream_stream_cut' });
      expect(streamError(result.text!)!.message).not.toMatch(/broken|127\.0\.0\.1/);
    }
    for (const result of results.slice(3)) expect(contentOf(result.text!)).toBe(healthy.answerText());
    expect(broken.chatCalls).toBe(3);
    expect(deployments[0]!.state.circuit.state).toBe('open');
    expect(deployments[0]!.state.errorRate).toBe(1);
    expect(gatekeeper.settled.map((outcome) => outcome.status)).toEqual([
      ...Array(3).fill('failed_midway'),
      ...Array(7).fill('completed'),
    ]);
    // Billed: what was delivered of the cut ones (estimated), the full answers of the rest.
    expect(gatekeeper.settled[0]!.usage.completionTokens).toBeLessThan(8);
    expect(gatekeeper.settled[3]!.usage.completionTokens).toBe(8);
    expect(gatekeeper.settled[0]!.errorDetail).toMatch(/broken/);
  });

  it('stall mid-stream: error event after idleMs; the stall counts against the deployment', async () => {
    const stalling = await fake(() => ({ kind: 'stall-mid-stream', afterTokens: 2, ms: 3_000 }));
    const { service, gatekeeper, deployments } = rig([{ name: 'stalling', url: stalling.url, idleMs: 300 }], {
      budgetMs: BUDGET_MS,
    });
    const results = [await request(service, true), await request(service, true), await request(service, true)];
    for (const result of results) {
      expect(contentOf(result.text!)).toBe('t0 t1 ');
      expect(streamError(result.text!)).toMatchObject({ code: 'upstream_timeout' });
      expect(result.text).not.toContain('[DONE]');
    }
    expect(deployments[0]!.state.circuit.state).toBe('open');
    expect(gatekeeper.settled.every((outcome) => outcome.status === 'failed_midway' && outcome.attempts === 1)).toBe(
      true,
    );
    const next = await request(service, true);
    expect(next.error).toMatchObject({ status: 503, code: 'no_available_deployment' });
  });

  it('stall before the headers on every deployment: streamed and non-streamed answer within the budget', async () => {
    const specs = await Promise.all(
      ['a', 'b', 'c'].map(async (name) => ({
        name,
        url: (await fake(() => ({ kind: 'stall-first-byte', ms: 5_000 }))).url,
        firstByteMs: 1_000,
      })),
    );
    const { service, gatekeeper } = rig(specs, { budgetMs: BUDGET_MS, strategy: 'priority' });
    for (const stream of [false, true]) {
      const result = await request(service, stream);
      expect(result.error).toMatchObject({ status: 504, code: 'upstream_timeout' });
      expect(result.elapsedMs).toBeGreaterThanOrEqual(BUDGET_MS - 50);
      expect(result.elapsedMs).toBeLessThanOrEqual(BUDGET_MS + 250);
    }
    // The first deployment timed out on its own firstByteMs, the second was cut by the budget.
    expect(gatekeeper.settled.map((outcome) => [outcome.status, outcome.attempts])).toEqual([
      ['failed', 2],
      ['failed', 2],
    ]);
    expect(gatekeeper.billedTokens).toBe(0);
  });

  it('a non-streamed call honours firstByteMs and falls back', async () => {
    const stalling = await fake(() => ({ kind: 'stall-first-byte', ms: 5_000 }));
    const healthy = await fake(() => ({ kind: 'ok' }));
    const { service, gatekeeper } = rig(
      [
        { name: 'stalling', url: stalling.url, firstByteMs: 300 },
        { name: 'healthy', url: healthy.url, priority: 1 },
      ],
      { budgetMs: BUDGET_MS },
    );
    const result = await request(service, false);
    expect(result.elapsedMs).toBeLessThan(900);
    expect(JSON.parse(result.text!).choices[0].message.content).toBe(healthy.answerText());
    expect(gatekeeper.settled[0]).toMatchObject({ status: 'completed', attempts: 2 });
  });

  it('500: falls back; after three the breaker is open; the client never sees the upstream', async () => {
    const failing = await fake(() => ({ kind: 'status', status: 500 }));
    const healthy = await fake(() => ({ kind: 'ok' }));
    const { service, gatekeeper, deployments } = rig(
      [
        { name: 'failing', url: failing.url },
        { name: 'healthy', url: healthy.url, priority: 1 },
      ],
      { budgetMs: BUDGET_MS },
    );
    for (let index = 0; index < 5; index++) await request(service, index % 2 === 0);
    expect(gatekeeper.settled.map((outcome) => outcome.attempts)).toEqual([2, 2, 2, 1, 1]);
    expect(deployments[0]!.state.circuit.state).toBe('open');
    expect(gatekeeper.settled.every((outcome) => outcome.status === 'completed')).toBe(true);
    expect(gatekeeper.billedTokens).toBe(5 * 18);
  });

  it('429 with Retry-After 1 s: the deployment pauses for 1 s, not the cooldown; the breaker stays closed', async () => {
    const limited = await fake((index) =>
      index === 0 ? { kind: 'status', status: 429, retryAfter: '1' } : { kind: 'ok' },
    );
    const { service, gatekeeper, deployments } = rig([{ name: 'only', url: limited.url }], { budgetMs: 800 });
    const first = await request(service, false);
    expect(first.error).toMatchObject({ status: 429, code: 'upstream_rate_limited', retryAfterMs: 1000 });
    expect(first.error.message).not.toMatch(/only|fake 429/);
    const during = await request(service, false);
    expect(during.error).toMatchObject({ status: 503, code: 'no_available_deployment' });
    expect(during.error.retryAfterMs).toBeLessThanOrEqual(1000);
    expect(deployments[0]!.state.circuit.state).toBe('closed');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const after = await request(service, false);
    expect(after.answer?.kind).toBe('json');
    // The request refused while paused was never admitted (nothing to settle).
    expect(gatekeeper.settled.map((outcome) => outcome.status)).toEqual(['failed', 'completed']);
    expect(gatekeeper.billedTokens).toBe(18);
  });

  it('flapping (every other request fails): the failure-rate rule opens the breaker', async () => {
    const flapping = await fake((index) => (index % 2 === 0 ? { kind: 'status', status: 503 } : { kind: 'ok' }));
    const healthy = await fake(() => ({ kind: 'ok' }));
    const { service, gatekeeper, deployments } = rig(
      [
        { name: 'flapping', url: flapping.url },
        { name: 'healthy', url: healthy.url, priority: 1 },
      ],
      { budgetMs: BUDGET_MS },
    );
    for (let index = 0; index < 8; index++) await request(service, false);
    // Never three failures in a row, yet: F S F S F -> 60 % of 5 calls.
    expect(deployments[0]!.state.circuit.state).toBe('open');
    expect(flapping.chatCalls).toBe(5);
    expect(gatekeeper.settled.map((outcome) => outcome.attempts)).toEqual([2, 1, 2, 1, 2, 1, 1, 1]);
    expect(gatekeeper.settled.every((outcome) => outcome.status === 'completed')).toBe(true);
  });

  it('all down: a clear error with our message after bounded attempts; nothing billed; then 503 while the breakers are open', async () => {
    const first = await fake(() => ({ kind: 'status', status: 502 }));
    const { service, gatekeeper, deployments } = rig(
      [
        { name: 'first', url: first.url },
        { name: 'second', url: await closedPortUrl(), priority: 1 },
      ],
      { budgetMs: BUDGET_MS, maxAttempts: 4 },
    );
    const result = await request(service, true);
    expect(result.error.status).toBe(502);
    expect(result.error.code).toMatch(/^upstream_/);
    expect(result.error.message).not.toMatch(/first|second|fake|ECONNREFUSED|127\.0\.0\.1/);
    await request(service, false);
    expect(deployments.map((deployment) => deployment.state.circuit.state)).toEqual(['open', 'open']);
    const refused = await request(service, false);
    expect(refused.error).toMatchObject({ status: 503, code: 'no_available_deployment' });
    expect(gatekeeper.settled.every((outcome) => outcome.status === 'failed')).toBe(true);
    expect(gatekeeper.billedTokens).toBe(0);
  });

  it('an error inside a 200: a failure of the deployment, retried elsewhere; the answer names the model asked for', async () => {
    const lying = await fake(() => ({ kind: 'error-in-200' }));
    const healthy = await fake(() => ({ kind: 'ok' }));
    const { service, gatekeeper, deployments } = rig(
      [
        { name: 'lying', url: lying.url },
        { name: 'healthy', url: healthy.url, priority: 1 },
      ],
      { budgetMs: BUDGET_MS },
    );
    const json = await request(service, false);
    expect(JSON.parse(json.text!)).toMatchObject({ model: 'chat-model', choices: [expect.anything()] });
    const stream = await request(service, true);
    for (const frame of stream.text!.split('\n\n').filter((line) => line.startsWith('data: {')))
      expect(JSON.parse(frame.slice(6)).model).toBe('chat-model');
    expect(deployments[0]!.state.failures).toBe(2);
    expect(gatekeeper.settled.map((outcome) => [outcome.status, outcome.attempts])).toEqual([
      ['completed', 2],
      ['completed', 2],
    ]);
  });

  it('a retry policy that does not retry timeouts ends the request on the first one', async () => {
    const stalling = await fake(() => ({ kind: 'stall-first-byte', ms: 3_000 }));
    const healthy = await fake(() => ({ kind: 'ok' }));
    const { service, gatekeeper } = rig(
      [
        { name: 'stalling', url: stalling.url, firstByteMs: 200, retry: { on: ['server_error', 'connection'] } },
        { name: 'healthy', url: healthy.url, priority: 1 },
      ],
      { budgetMs: BUDGET_MS },
    );
    const result = await request(service, false);
    expect(result.error).toMatchObject({ code: 'upstream_timeout' });
    expect(healthy.chatCalls).toBe(0);
    expect(gatekeeper.settled[0]).toMatchObject({ status: 'failed', attempts: 1 });
  });

  it('a client may ask for a smaller budget, never a larger one', async () => {
    const stalling = await fake(() => ({ kind: 'stall-first-byte', ms: 3_000 }));
    const { service } = rig([{ name: 'stalling', url: stalling.url, firstByteMs: 2_000 }], { budgetMs: BUDGET_MS });
    const started = Date.now();
    const error = await timed(() =>
      service
        .chat({ ...requestContext(), overrides: { budgetMs: 300 } }, chatBody(false))
        .catch((thrown: unknown) => thrown),
    );
    expect(error).toMatchObject({ status: 504 });
    expect(Date.now() - started).toBeLessThan(600);
  });
});
