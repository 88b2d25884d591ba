import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { deploymentFor } from '../channels/build-model-registry.ts';
import { PublishedModels } from '../channels/published-models.ts';
import { SimulatorProvider } from '../providers/simulator/simulator-provider.ts';
import { affinityKeyOf, rendezvousOrder } from './cache-affinity.ts';
import type { Admission, Gatekeeper, RequestOutcome } from './gateway-hooks.ts';
import { InferenceService } from './inference-service.ts';
import { testModelEntry } from './testing/model-entry.ts';

class RecordingGatekeeper implements Gatekeeper {
  settled: RequestOutcome[] = [];
  async admit(): Promise<Admission> {
    return { headers: {}, priority: 1, settle: async (outcome) => void this.settled.push(outcome) };
  }
}

const channels = ['bailian', 'siliconflow', 'vllm-box'];

/** One replica: three equally ranked channels of one model, breaker opening after 2 failures. */
function replica(cacheAffinity: boolean) {
  const deployments = channels.map((name) =>
    deploymentFor(
      'chat-model',
      {
        name,
        provider: new SimulatorProvider(name, { latencyMs: 0, tokensPerSecond: 0 }),
        tags: [],
        timeouts: {},
        source: 'config',
        preset: null,
      },
      { provider: name, model: 'sim-chat' },
      { failureThreshold: 2, cooldownMs: 60_000, maxCooldownMs: 60_000 },
    ),
  );
  const registry = new PublishedModels([
    testModelEntry({ id: 'chat-model', capabilities: ['chat'], strategy: 'priority', deployments }),
  ]);
  const gatekeeper = new RecordingGatekeeper();
  const service = new InferenceService(
    registry,
    gatekeeper,
    pino({ level: 'silent' }),
    null,
    { maxAttempts: 3, budgetMs: 5_000, backoffBaseMs: 1, backoffMaxMs: 2 },
    undefined,
    undefined,
    { cacheAffinity },
  );
  let turn = 0;
  return {
    deployments,
    /** Sends a conversation's next turn; answers with the channel that served it. */
    async send(messages: Array<{ role: string; content: string }>): Promise<string> {
      await service.chat(
        { requestId: `req_${turn++}`, principal: null, signal: new AbortController().signal },
        { model: 'chat-model', messages },
      );
      return gatekeeper.settled.at(-1)!.servedBy!.provider;
    },
    lastAttempts: () => gatekeeper.settled.at(-1)!.attempts,
  };
}

/** A multi-turn conversation: every turn repeats the history and adds one exchange. */
async function converse(node: ReturnType<typeof replica>, opening: string, turns: number): Promise<string[]> {
  const messages = [
    { role: 'system', content: 'You are the support assistant of an online shop.' },
    { role: 'user', content: opening },
  ];
  const served: string[] = [];
  for (let index = 0; index < turns; index++) {
    served.push(await node.send([...messages]));
    messages.push({ role: 'assistant', content: `answer ${index}` }, { role: 'user', content: `follow-up ${index}` });
  }
  return served;
}

const shareOf = (served: string[], channel: string) => served.filter((name) => name === channel).length / served.length;
const favourite = (served: string[]) =>
  channels.reduce((best, name) => (shareOf(served, name) > shareOf(served, best) ? name : best));

describe('cache-aware routing', () => {
  it('keeps a multi-turn conversation on one channel (≥ 95 %) while it is healthy; without affinity it spreads', async () => {
    const withAffinity = await converse(replica(true), 'Where is my order 1234?', 40);
    expect(shareOf(withAffinity, favourite(withAffinity))).toBeGreaterThanOrEqual(0.95);
    const without = await converse(replica(false), 'Where is my order 1234?', 40);
    expect(shareOf(without, favourite(without))).toBeLessThan(0.95);
  });

  it('falls back at once when the channel fails, and the conversation stays on its next channel', async () => {
    const node = replica(true);
    const before = await converse(node, 'Can I return shoes?', 5);
    const home = before[0]!;
    expect(new Set(before)).toEqual(new Set([home]));
    // The channel starts failing: the very next turn is served elsewhere, within the same request.
    const failing = node.deployments.find((deployment) => deployment.providerName === home)!;
    failing.provider = new SimulatorProvider(home, {
      latencyMs: 0,
      tokensPerSecond: 0,
      faults: [{ kind: 'status', status: 503 }],
    });
    const after = await converse(node, 'Can I return shoes?', 20);
    expect(after[0]).not.toBe(home);
    expect(after).not.toContain(home);
    expect(shareOf(after, after[1]!)).toBeGreaterThanOrEqual(0.95);
    // Disabled channels are left out the same way.
    const next = after.at(-1)!;
    node.deployments.find((deployment) => deployment.providerName === next)!.enabled = false;
    const third = await converse(node, 'Can I return shoes?', 3);
    expect(third).not.toContain(next);
    expect(third).not.toContain(home);
  });

  it('agrees across replicas with no shared state, and spreads different conversations', async () => {
    const first = replica(true);
    const second = replica(true);
    const homes = new Set<string>();
    for (let conversation = 0; conversation < 30; conversation++) {
      const opening = `Question number ${conversation} about invoices`;
      const [onFirst] = await converse(first, opening, 1);
      const [onSecond] = await converse(second, opening, 1);
      expect(onSecond).toBe(onFirst);
      homes.add(onFirst!);
    }
    expect(homes.size).toBe(3);
  });

  it('keys on the client’s user or prompt_cache_key when given, per caller', () => {
    const principal = { keyId: 'key_1', orgId: 'org_1' } as Parameters<typeof affinityKeyOf>[0];
    const one = affinityKeyOf(principal, { user: 'alice', messages: [{ role: 'user', content: 'a' }] });
    expect(affinityKeyOf(principal, { user: 'alice', messages: [{ role: 'user', content: 'b' }] })).toBe(one);
    expect(affinityKeyOf({ ...principal!, keyId: 'key_2' }, { user: 'alice' })).not.toBe(one);
    expect(affinityKeyOf(principal, { prompt_cache_key: 'thread-9' })).toContain('thread-9');
    expect(affinityKeyOf(principal, { input: 'embed me' })).toBeNull();
    // Weights shift the share of conversations a channel gets.
    const node = replica(true);
    node.deployments[0]!.weight = 8;
    const firsts = Array.from(
      { length: 200 },
      (_, index) => rendezvousOrder(node.deployments, `k${index}`)[0]!.providerName,
    );
    expect(shareOf(firsts, 'bailian')).toBeGreaterThan(0.6);
  });
});
