import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { JsonResult, Provider, ProviderCall, UpstreamModel } from '../providers/spec.ts';
import { ProviderError } from '../providers/spec.ts';
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

const failingChat = () =>
  new ProviderError('upstream_unavailable', 'Upstream p answered 500: boom', {
    upstreamStatus: 500,
    phase: 'response',
    retryable: true,
  });

const silent = pino({ level: 'silent' });
const pause = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

describe('HealthChecker', () => {
  it('marks an idle healthy deployment healthy and leaves busy ones alone', async () => {
    const { registry, deployment } = registryWith(new SimulatorProvider('p', { latencyMs: 0 }));
    const checker = new HealthChecker(registry, { intervalMs: 1000, timeoutMs: 500 }, silent);
    expect(await checker.checkIdle()).toBe(1);
    expect(deployment.state.health).toBe('healthy');
    expect(await checker.checkIdle()).toBe(0);
  });

  it('probes with a real one-token completion: a server whose model list answers but whose chat fails is unhealthy', async () => {
    const provider = new SimulatorProvider('p', { latencyMs: 0 });
    const calls: ProviderCall[] = [];
    provider.listModels = async (): Promise<UpstreamModel[]> => [{ id: 'm' }];
    provider.chat = async (call: ProviderCall): Promise<JsonResult> => {
      calls.push(call);
      throw failingChat();
    };
    const { registry, deployment } = registryWith(provider);
    const checker = new HealthChecker(registry, { intervalMs: 1, timeoutMs: 500 }, silent);
    await checker.checkIdle(Date.now() + 10);
    expect(deployment.state.health).toBe('unhealthy');
    expect(calls[0]!.body).toMatchObject({ max_tokens: 1 });
    await checker.checkIdle(Date.now() + 20);
    expect(['open', 'half-open']).toContain(deployment.state.circuit.state);
  });

  it('closes a circuit that probes opened once the deployment answers again', async () => {
    let alive = false;
    const provider = new SimulatorProvider('p', { latencyMs: 0 });
    const realChat = provider.chat.bind(provider);
    provider.chat = async (call) => {
      if (!alive) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
      return realChat(call);
    };
    const { registry, deployment } = registryWith(provider);
    const checker = new HealthChecker(registry, { intervalMs: 1, timeoutMs: 500 }, silent);
    await checker.checkIdle(Date.now() + 10);
    await checker.checkIdle(Date.now() + 20);
    expect(deployment.state.health).toBe('unhealthy');
    alive = true;
    await pause(5);
    expect(deployment.state.circuit.state).toBe('half-open');
    await checker.checkIdle();
    expect(deployment.state.health).toBe('healthy');
    expect(deployment.state.circuit.state).toBe('closed');
  });

  it('never closes a circuit that real traffic opened: a real request decides', async () => {
    const { registry, deployment } = registryWith(new SimulatorProvider('p', { latencyMs: 0 }));
    deployment.state.recordFailure('upstream_unavailable', 'x');
    deployment.state.recordFailure('upstream_unavailable', 'x');
    expect(deployment.state.circuit.openedBy).toBe('traffic');
    await pause(5);
    const checker = new HealthChecker(registry, { intervalMs: 1, timeoutMs: 500 }, silent);
    await checker.checkIdle();
    expect(deployment.state.health).toBe('healthy');
    expect(deployment.state.circuit.state).toBe('half-open');
    // The trial slot is free for the next real request.
    expect(deployment.state.circuit.tryAcquire()).toBe(true);
  });

  it('times out a probe that hangs', async () => {
    const provider = new SimulatorProvider('p', { latencyMs: 0 });
    provider.chat = (call: ProviderCall) =>
      new Promise<JsonResult>((_, reject) => call.signal.addEventListener('abort', () => reject(new Error('aborted'))));
    const { registry, deployment } = registryWith(provider);
    const checker = new HealthChecker(registry, { intervalMs: 1, timeoutMs: 30 }, silent);
    await checker.checkIdle(Date.now() + 10);
    expect(deployment.state.lastError?.code).toBe('upstream_timeout');
  });
});
