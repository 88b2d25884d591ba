import { describe, expect, it } from 'vitest';
import type { UsageRecord } from '../../api/admin-usage-api.ts';
import { aggregateUsage, rangeWindow } from './usage-aggregation.ts';

function record(change: Partial<UsageRecord>): UsageRecord {
  return {
    object: 'usage_record',
    requestId: 'req',
    orgId: 'org',
    keyId: null,
    userId: null,
    endpoint: 'chat',
    model: 'sim-chat',
    deploymentId: null,
    provider: null,
    promptTokens: 10,
    cachedTokens: 0,
    completionTokens: 5,
    reasoningTokens: 0,
    cost: '0.01',
    costNano: 10_000_000,
    charged: '0.01',
    chargedNano: 10_000_000,
    funding: 'balance',
    latencyMs: 10,
    ttftMs: 5,
    status: 'completed',
    estimated: false,
    errorCode: null,
    createdAt: 0,
    ...change,
  };
}

describe('aggregateUsage', () => {
  it('buckets requests, tokens and spend per model, busiest first', () => {
    const summary = aggregateUsage(
      [
        record({ createdAt: 100 }),
        record({ createdAt: 1_500, model: 'qwen' }),
        record({ createdAt: 1_600, model: 'qwen', status: 'failed', errorCode: 'upstream_error' }),
      ],
      { from: 0, to: 2_000, bucketMs: 1_000, dimension: 'model', nameOf: () => 'x' },
    );
    expect(summary.buckets).toEqual([0, 1_000]);
    expect(summary.series.map((series) => series.name)).toEqual(['qwen', 'sim-chat']);
    expect(summary.series[0]!.requests).toEqual([0, 2]);
    expect(summary.series[1]!.tokens).toEqual([15, 0]);
    expect(summary.totals).toEqual({ requests: 3, tokens: 45, spend: 0.03, errors: 1 });
  });

  it('groups by key name and ignores records outside the window', () => {
    const summary = aggregateUsage([record({ keyId: 'key_1', createdAt: 10 }), record({ createdAt: 5_000 })], {
      from: 0,
      to: 1_000,
      bucketMs: 500,
      dimension: 'key',
      nameOf: (keyId) => (keyId ? `key ${keyId}` : 'console'),
    });
    expect(summary.series.map((series) => series.name)).toEqual(['key key_1']);
    expect(summary.totals.requests).toBe(1);
  });

  it('aligns range windows to whole buckets', () => {
    const window = rangeWindow('24h', 3_600_000 * 10.5);
    expect(window.to).toBe(3_600_000 * 11);
    expect(window.to - window.from).toBe(24 * 3_600_000);
  });
});
