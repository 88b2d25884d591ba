import { describe, expect, it } from 'vitest';
import type { Deployment } from './deployment.ts';
import type { ModelRegistry } from './model-registry.ts';
import { PrometheusMetrics } from './prometheus-metrics.ts';
import { KaiyuanError } from '../util/errors.ts';

const noModels = { list: () => [], deployments: () => [] } as unknown as ModelRegistry;
const deployment = (id: string) => ({ id }) as Deployment;

describe('PrometheusMetrics', () => {
  it('counts attempts by model, deployment and outcome, and times only the successful ones', async () => {
    const metrics = new PrometheusMetrics(noModels);
    const first = deployment('dep-a');
    metrics.attempt('chat-model', { deployment: first, error: null, elapsedMs: 200 });
    metrics.attempt('chat-model', { deployment: first, error: null, elapsedMs: 400, ttftMs: 100 });
    const failure = new KaiyuanError('upstream_timeout', 'too slow', { status: 504, type: 'upstream_error' });
    metrics.attempt('chat-model', { deployment: deployment('dep-b'), error: failure, elapsedMs: 50 });
    metrics.attempt('other-model', { deployment: first, error: null, elapsedMs: 10 });

    const { text } = await metrics.render();
    const line = (start: string) => text.split('\n').find((row) => row.startsWith(start));
    expect(line('kaiyuan_upstream_attempts_total{model="chat-model",deployment="dep-a",outcome="success"}')).toMatch(
      / 2$/,
    );
    expect(line('kaiyuan_upstream_attempts_total{model="chat-model",deployment="dep-b",outcome="failure"}')).toMatch(
      / 1$/,
    );
    expect(line('kaiyuan_upstream_attempts_total{model="other-model",deployment="dep-a",outcome="success"}')).toMatch(
      / 1$/,
    );
    // No series for what never happened.
    expect(
      line('kaiyuan_upstream_attempts_total{model="chat-model",deployment="dep-a",outcome="failure"}'),
    ).toBeUndefined();
    expect(
      line('kaiyuan_upstream_errors_total{model="chat-model",deployment="dep-b",code="upstream_timeout"}'),
    ).toMatch(/ 1$/);
    expect(line('kaiyuan_deployment_latency_seconds_count{model="chat-model",deployment="dep-a"}')).toMatch(/ 2$/);
    expect(line('kaiyuan_deployment_latency_seconds_sum{model="chat-model",deployment="dep-a"}')).toMatch(/ 0\.6/);
    expect(line('kaiyuan_deployment_latency_seconds_count{model="chat-model",deployment="dep-b"}')).toBeUndefined();
  });
});
