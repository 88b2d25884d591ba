import { describe, expect, it } from 'vitest';
import type { Principal } from '../accounts/principal.ts';
import { dayMs, minuteMs } from '../limits/rate-limiter.ts';
import { limitCounters } from './limit-counters.ts';

function keyPrincipal(keyLimits: Principal['keyLimits'] = {}): Principal {
  return {
    kind: 'api_key',
    orgId: 'org_a',
    orgName: 'Acme',
    role: 'member',
    userId: null,
    keyId: 'key_a',
    planId: 'pro',
    allowedModels: [],
    keyLimits,
    allowedRegions: [],
  };
}

describe('limitCounters', () => {
  it("lists the key's limits, then the organization's for the model, with this request's amounts", () => {
    const principal = keyPrincipal({ rpm: 5 });
    expect(limitCounters(principal, 'qwen', { rpm: 60, tpm: 1000 }, 300)).toEqual([
      {
        key: 'k:key_a:rpm',
        label: 'requests per minute (RPM) of this API key',
        kind: 'requests',
        limit: 5,
        windowMs: minuteMs,
        amount: 1,
      },
      {
        key: 'o:org_a:qwen:rpm',
        label: "requests per minute (RPM) of organization 'Acme' for model 'qwen'",
        kind: 'requests',
        limit: 60,
        windowMs: minuteMs,
        amount: 1,
      },
      {
        key: 'o:org_a:qwen:tpm',
        label: "tokens per minute (TPM) of organization 'Acme' for model 'qwen'",
        kind: 'tokens',
        limit: 1000,
        windowMs: minuteMs,
        amount: 300,
      },
    ]);
  });

  it('follows the reservation, the model and changed organization limits of the same principal', () => {
    const principal = keyPrincipal();
    const limits = { rpd: 100, tpd: 5000 };
    expect(limitCounters(principal, 'qwen', limits, 10).map((counter) => counter.amount)).toEqual([1, 10]);
    expect(limitCounters(principal, 'qwen', { ...limits }, 20).map((counter) => counter.amount)).toEqual([1, 20]);
    expect(limitCounters(principal, 'glm', limits, 20).map((counter) => counter.key)).toEqual([
      'o:org_a:glm:rpd',
      'o:org_a:glm:tpd',
    ]);
    // A plan change or a spending level: new limits for the same key and model.
    const raised = limitCounters(principal, 'qwen', { rpd: 200, tpm: 900 }, 20);
    expect(raised.map((counter) => [counter.key, counter.limit, counter.windowMs])).toEqual([
      ['o:org_a:qwen:rpd', 200, dayMs],
      ['o:org_a:qwen:tpm', 900, minuteMs],
    ]);
    expect(limitCounters(principal, 'qwen', {}, 20)).toEqual([]);
  });

  it('gives each request its own counters', () => {
    const principal = keyPrincipal({ tpm: 50 });
    const first = limitCounters(principal, 'qwen', {}, 10);
    const second = limitCounters(principal, 'qwen', {}, 30);
    expect(first[0]).not.toBe(second[0]);
    expect(first[0]!.amount).toBe(10);
    expect(second[0]!.amount).toBe(30);
  });

  it('answers for many models per principal (the per-principal memory is bounded, not the answers)', () => {
    const principal = keyPrincipal();
    for (let index = 0; index < 200; index++) {
      const [counter] = limitCounters(principal, `model-${index}`, { rpm: index + 1 }, 1);
      expect(counter).toMatchObject({ key: `o:org_a:model-${index}:rpm`, limit: index + 1 });
    }
    expect(limitCounters(principal, 'model-3', { rpm: 4 }, 1)[0]!.key).toBe('o:org_a:model-3:rpm');
  });
});
