import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { Provider, UpstreamModel } from '../providers/spec.ts';
import { SimulatorProvider } from '../providers/simulator/simulator-provider.ts';
import { deploymentFor } from './build-model-registry.ts';
import { HealthChecker } from './health-checker.ts';
import { PublishedModels } from './published-models.ts';
import { testModelEntry } from '../inference/testing/model-entry.ts';

function registryWith(provider: Provider) {
  const deployment = deploymentFor(
    'm',
    { name: 'p', provider, tags: [], timeouts: {}, source: 'config', preset: null },
    { provider: 'p' },
    { failureThreshold: 2, cooldownMs: 1, maxCooldownMs: 1 },
  );
  const registry = new PublishedModels([testModelEntry({ deployments: [deployment] })]);
  return { registry, deployment };
}

describe('HealthChecker', () => {
  it('marks an idle healthy deployment healthy and leaves busy ones alone', async () => {
    const { registry, deployment } = registryWith(new SimulatorProvider('p', { latencyMs: 0 }));
    const checker = new HealthChecker(registry, { intervalMs: 1000, timeoutMs: 500 }, pino({ level: 'silent' }));
    expect(await checker.checkIdle()).toBe(1);
    expect(deployment.state.health).toBe('healthy');
    expect(await checker.checkIdle()).toBe(0);
  });

  it('opens the circuit of a dead idle deployment, and closes it once it answers again', async () => {
    let alive = false;
    const provider = new SimulatorProvider('p', { latencyMs: 0 });
    provider.listModels = async (): Promise<UpstreamModel[]> => {
      if (!alive) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
      return [];
    };
    const { registry, deployment } = registryWith(provider);
    const checker = new HealthChecker(registry, { intervalMs: 1, timeoutMs: 500 }, pino({ level: 'silent' }));
    await checker.checkIdle(Date.now() + 10);
    await checker.checkIdle(Date.now() + 20);
    expect(deployment.state.health).toBe('unhealthy');
    expect(['open', 'half-open']).toContain(deployment.state.circuit.state);
    alive = true;
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(deployment.state.circuit.state).toBe('half-open');
    await checker.checkIdle();
    expect(deployment.state.health).toBe('healthy');
    expect(deployment.state.circuit.state).toBe('closed');
  });

  it('times out a probe that hangs', async () => {
    const provider = new SimulatorProvider('p', { latencyMs: 0 });
    provider.listModels = (signal?: AbortSignal) =>
      new Promise<UpstreamModel[]>((_, reject) =>
        signal!.addEventListener('abort', () => reject(new Error('aborted'))),
      );
    const { registry, deployment } = registryWith(provider);
    const checker = new HealthChecker(registry, { intervalMs: 1, timeoutMs: 30 }, pino({ level: 'silent' }));
    await checker.checkIdle(Date.now() + 10);
    expect(deployment.state.lastError?.code).toBe('upstream_timeout');
  });
});
