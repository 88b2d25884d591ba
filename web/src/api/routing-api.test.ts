import { describe, expect, it } from 'vitest';
import type { DeploymentView } from '@kaiyuan/api-contract/deployments.ts';
import { canServe, circuitCounts, type RoutedModel } from './routing-api.ts';

const deployment = (circuit: DeploymentView['circuit'], enabled = true): DeploymentView => ({
  id: `m@${circuit}`,
  alias: 'dep_0000000000000000',
  model: 'm',
  provider: 'p',
  protocol: 'openai-compatible',
  upstream_model: 'm',
  weight: 1,
  priority: 0,
  tags: [],
  enabled,
  max_concurrency: null,
  circuit,
  health: 'unknown',
  inflight: 0,
  requests: 0,
  error_rate: 0,
  ttft_ewma_ms: null,
  last_error: null,
});

const model = (deployments: DeploymentView[]): RoutedModel => ({
  id: 'm',
  strategy: 'priority',
  fallbacks: [],
  fallbackToPricier: false,
  deployments,
});

describe('routing summary', () => {
  it('counts enabled deployments by circuit state and says whether the model can serve', () => {
    const mixed = model([
      deployment('closed'),
      deployment('open'),
      deployment('half-open'),
      deployment('closed', false),
    ]);
    expect(circuitCounts(mixed)).toEqual({ closed: 1, halfOpen: 1, open: 1 });
    expect(canServe(mixed)).toBe(true);
    expect(canServe(model([deployment('open'), deployment('closed', false)]))).toBe(false);
  });
});
