import { describe, expect, it } from 'vitest';
import { formatContextLength, providerHealth } from './model-format.ts';

describe('providerHealth', () => {
  it('shows a disabled deployment as disabled, never as its stale last check', () => {
    expect(providerHealth('healthy', false)).toEqual({ status: 'default', label: 'disabled' });
    expect(providerHealth('unhealthy', false)).toEqual({ status: 'default', label: 'disabled' });
    expect(providerHealth('healthy', true)).toEqual({ status: 'success', label: 'healthy' });
    expect(providerHealth('unknown')).toEqual({ status: 'default', label: 'unknown' });
  });

  it('formats context lengths as model cards write them', () => {
    expect(formatContextLength(131_072)).toBe('128K');
    expect(formatContextLength(1_000_000)).toBe('1M');
  });
});
