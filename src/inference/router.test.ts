import { describe, expect, it } from 'vitest';
import type { RoutingStrategy } from '../config/config-schema.ts';
import { SimulatorProvider } from '../providers/simulator/simulator-provider.ts';
import { deploymentFor } from '../channels/build-model-registry.ts';
import type { Deployment } from './deployment.ts';
import type { ModelEntry } from './model-registry.ts';
import { testModelEntry } from './testing/model-entry.ts';
import { orderDeployments } from './router.ts';

interface Spec {
  name: string;
  priority?: number;
  weight?: number;
  tags?: string[];
  cost?: { input: number; output: number };
  ttft?: number;
}

function model(strategy: RoutingStrategy, specs: Spec[]): ModelEntry {
  const deployments: Deployment[] = specs.map((spec) => {
    const deployment = deploymentFor(
      'm',
      {
        name: spec.name,
        provider: new SimulatorProvider(spec.name),
        tags: spec.tags ?? [],
        timeouts: {},
        source: 'config',
        preset: null,
      },
      { provider: spec.name, priority: spec.priority, weight: spec.weight, cost: spec.cost },
      undefined,
    );
    if (spec.ttft !== undefined) deployment.state.recordSuccess(spec.ttft);
    return deployment;
  });
  return testModelEntry({ strategy, deployments });
}

const names = (deployments: Deployment[]) => deployments.map((deployment) => deployment.providerName);
const anywhere = { allowedRegions: [] };

describe('orderDeployments', () => {
  it('priority: lower number first, failover order kept', () => {
    const entry = model('priority', [
      { name: 'backup', priority: 2 },
      { name: 'main', priority: 0 },
      { name: 'second', priority: 1 },
    ]);
    expect(names(orderDeployments(entry, anywhere))).toEqual(['main', 'second', 'backup']);
  });

  it('weighted: picks first in proportion to weight', () => {
    const entry = model('weighted', [
      { name: 'heavy', weight: 3 },
      { name: 'light', weight: 1 },
    ]);
    let heavyFirst = 0;
    let seed = 1;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let index = 0; index < 4000; index++)
      if (orderDeployments(entry, anywhere, random)[0]!.providerName === 'heavy') heavyFirst++;
    expect(heavyFirst / 4000).toBeGreaterThan(0.72);
    expect(heavyFirst / 4000).toBeLessThan(0.78);
  });

  it('least-latency: lowest TTFT average first, unmeasured ones tried first', () => {
    const entry = model('least-latency', [{ name: 'slow', ttft: 900 }, { name: 'fast', ttft: 50 }, { name: 'new' }]);
    expect(names(orderDeployments(entry, anywhere))).toEqual(['new', 'fast', 'slow']);
  });

  it('lowest-cost: cheapest first, deployments without a cost last', () => {
    const entry = model('lowest-cost', [
      { name: 'unknown' },
      { name: 'dear', cost: { input: 4, output: 16 } },
      { name: 'cheap', cost: { input: 1, output: 2 } },
    ]);
    expect(names(orderDeployments(entry, anywhere))).toEqual(['cheap', 'dear', 'unknown']);
  });

  it('residency: keeps only deployments with an allowed tag, and refuses clearly when none is left', () => {
    const entry = model('priority', [
      { name: 'global', tags: ['global'] },
      { name: 'domestic', tags: ['cn'], priority: 1 },
    ]);
    expect(names(orderDeployments(entry, { allowedRegions: ['cn'] }))).toEqual(['domestic']);
    const foreignOnly = model('priority', [{ name: 'global', tags: ['global'] }]);
    expect(() => orderDeployments(foreignOnly, { allowedRegions: ['cn'] })).toThrow(
      /no deployment in the regions your residency policy allows \(cn\)/,
    );
  });

  it('leaves out deployments whose circuit is open, and answers 503 with Retry-After when none is left', () => {
    const entry = model('priority', [{ name: 'broken' }, { name: 'ok', priority: 1 }]);
    for (let index = 0; index < 3; index++) entry.deployments[0]!.state.recordFailure('x', 'x');
    expect(names(orderDeployments(entry, anywhere))).toEqual(['ok']);
    for (let index = 0; index < 3; index++) entry.deployments[1]!.state.recordFailure('x', 'x');
    try {
      orderDeployments(entry, anywhere);
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ status: 503, code: 'no_available_deployment' });
      expect((error as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(0);
    }
  });
});
