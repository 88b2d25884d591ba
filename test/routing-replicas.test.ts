/**
 * Two replicas (two inference services with their own registries, as two processes would have)
 * sharing routing state through Redis: one breaker trips for both, a deployment's maxConcurrency
 * is a global limit, a dead process's slots expire, and an unreachable Redis leaves each replica
 * serving on its own.
 */
import pino from 'pino';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { createRoutingState } from '../src/inference/create-routing-state.ts';
import { RedisRoutingState } from '../src/inference/redis-routing-state.ts';
import type { SharedRoutingState } from '../src/inference/shared-routing-state.ts';
import { FakeUpstream, type UpstreamBehaviour } from './support/fake-upstream.ts';
import { chatBody, requestContext, rig, type UpstreamSpec } from './support/routing-gateway.ts';
import { availableOrSkipped } from './support/required-in-ci.ts';
import { testRedisUrl, uniqueRedisPrefix } from './support/test-redis.ts';

const canRun = availableOrSkipped(
  testRedisUrl !== null,
  'TEST_REDIS_URL is not set: the Redis routing-state tests need it',
);
const silent = pino({ level: 'silent' });
const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function fake(behaviour: (index: number) => UpstreamBehaviour): Promise<FakeUpstream> {
  const upstream = await new FakeUpstream({ behaviour }).start();
  cleanups.push(() => upstream.close());
  return upstream;
}

async function sharedState(prefix: string, leaseMs = 30_000): Promise<RedisRoutingState> {
  const redis = new Redis(testRedisUrl!, { maxRetriesPerRequest: 1 });
  const subscriber = new Redis(testRedisUrl!, { maxRetriesPerRequest: 1 });
  const state = new RedisRoutingState({ redis, subscriber, prefix, logger: silent, leaseMs });
  await state.start();
  cleanups.push(async () => {
    await state.close();
    redis.disconnect();
    subscriber.disconnect();
  });
  return state;
}

/** Two replicas sharing one prefix; each knows the deployments, as a replica that has served does. */
async function twoReplicas(specs: UpstreamSpec[], leaseMs?: number) {
  const prefix = uniqueRedisPrefix('routing');
  const replicas = [];
  for (let index = 0; index < 2; index++) {
    const shared = await sharedState(prefix, leaseMs);
    const replica = rig(specs, { shared });
    for (const deployment of replica.deployments) shared.attach(deployment);
    replicas.push(replica);
  }
  return { first: replicas[0]!, second: replicas[1]! };
}

/** Two replicas routing to a failing upstream first and a healthy one after it. */
async function failingFirstReplicas() {
  const failing = await fake(() => ({ kind: 'status', status: 500 }));
  const healthy = await fake(() => ({ kind: 'ok' }));
  const replicas = await twoReplicas([
    { name: 'failing', url: failing.url },
    { name: 'healthy', url: healthy.url, priority: 1 },
  ]);
  return { failing, ...replicas };
}

const pause = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

describe.runIf(canRun)('routing state shared by replicas through Redis', () => {
  it('failures seen by one replica open the breaker on the other', async () => {
    const { failing, first, second } = await failingFirstReplicas();
    for (let index = 0; index < 3; index++) await first.service.chat(requestContext(), chatBody(false));
    expect(first.deployments[0]!.state.circuit.state).toBe('open');
    await pause(100);
    expect(second.deployments[0]!.state.circuit.state).toBe('open');
    const answer = await second.service.chat(requestContext(), chatBody(false));
    expect(answer.headers['x-kaiyuan-attempts']).toBe('1');
    expect(failing.chatCalls).toBe(3);
    expect(second.gatekeeper.settled.at(-1)).toMatchObject({ status: 'completed', attempts: 1 });
  });

  it('failures split between replicas add up to the threshold on each', async () => {
    const { failing, first, second } = await failingFirstReplicas();
    await second.service.chat(requestContext(), chatBody(false));
    await pause(200); // the second replica's failure has reached the first
    await first.service.chat(requestContext(), chatBody(false));
    expect(first.deployments[0]!.state.circuit.state).toBe('closed');
    await first.service.chat(requestContext(), chatBody(false));
    // The threshold is 3: one failure seen by the second replica and two by the first.
    expect(first.deployments[0]!.state.circuit.state).toBe('open');
    await pause(100);
    expect(second.deployments[0]!.state.circuit.state).toBe('open');
    expect(failing.chatCalls).toBe(3);
  });

  it('a replica that starts later learns of an open circuit from Redis', async () => {
    const failing = await fake(() => ({ kind: 'status', status: 500 }));
    const prefix = uniqueRedisPrefix('routing-late');
    const specs = [{ name: 'failing', url: failing.url }];
    const first = rig(specs, { shared: await sharedState(prefix) });
    for (let index = 0; index < 3; index++) await first.service.chat(requestContext(), chatBody(false)).catch(() => 0);
    expect(first.deployments[0]!.state.circuit.state).toBe('open');
    await pause(50);
    const late = rig(specs, { shared: await sharedState(prefix) });
    await late.service.chat(requestContext(), chatBody(false)).catch(() => undefined);
    await pause(50);
    expect(late.deployments[0]!.state.circuit.state).toBe('open');
  });

  it('maxConcurrency is one limit across replicas', async () => {
    const slow = await fake(() => ({ kind: 'ok', delayMs: 400 }));
    const spare = await fake(() => ({ kind: 'ok' }));
    const { first, second } = await twoReplicas([
      { name: 'slow', url: slow.url, maxConcurrency: 1 },
      { name: 'spare', url: spare.url, priority: 1 },
    ]);
    const running = first.service.chat(requestContext(), chatBody(false));
    await pause(100);
    const overflow = await second.service.chat(requestContext(), chatBody(false));
    expect(overflow.headers['x-kaiyuan-deployment']).toBe('chat-model@spare');
    expect((await running).headers['x-kaiyuan-deployment']).toBe('chat-model@slow');
    // Released at the end: the slow deployment takes a request again.
    const after = await second.service.chat(requestContext(), chatBody(false));
    expect(after.headers['x-kaiyuan-deployment']).toBe('chat-model@slow');
    expect(slow.chatCalls).toBe(2);
  });

  it('a killed process cannot leak slots: its leases expire', async () => {
    const upstream = await fake(() => ({ kind: 'ok' }));
    const prefix = uniqueRedisPrefix('routing-lease');
    const specs = [{ name: 'only', url: upstream.url, maxConcurrency: 1 }];
    const dying = await sharedState(prefix, 300);
    const dead = rig(specs, { shared: dying });
    expect(await dying.acquireSlot(dead.deployments[0]!)).not.toBeNull();
    await dying.close(); // the process dies holding the slot: no release, no renewal
    const survivor = rig(specs, { shared: await sharedState(prefix, 300) });
    const refused = await survivor.service.chat(requestContext(), chatBody(false)).catch((error: unknown) => error);
    expect(refused).toMatchObject({ status: 429, code: 'server_overloaded' });
    await pause(400);
    const answer = await survivor.service.chat(requestContext(), chatBody(false));
    expect(answer.kind).toBe('json');
  });

  it('Redis unreachable: each replica serves on its own state, with its own limit', async () => {
    const upstream = await fake(() => ({ kind: 'ok' }));
    const state: SharedRoutingState = await createRoutingState('redis://127.0.0.1:1', silent);
    cleanups.push(() => state.close());
    const replica = rig([{ name: 'only', url: upstream.url, maxConcurrency: 2 }], { shared: state });
    const started = Date.now();
    const answers = await Promise.all([0, 1].map(() => replica.service.chat(requestContext(), chatBody(false))));
    expect(answers.every((answer) => answer.kind === 'json')).toBe(true);
    expect(Date.now() - started).toBeLessThan(1_500);
  });
});
