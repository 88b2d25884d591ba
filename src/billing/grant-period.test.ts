import { describe, expect, it } from 'vitest';
import { grantPeriod } from './billing-profiles.ts';

describe('grantPeriod', () => {
  it('is the UTC month of the moment, also when moments jump across months and years in either direction', () => {
    const moments: Array<[string, string]> = [
      ['2026-12-06T11:00:00.000Z', '2026-12'],
      ['2026-12-31T23:59:59.999Z', '2026-12'],
      ['2027-01-01T00:00:00.000Z', '2027-01'],
      ['2026-12-01T00:00:00.000Z', '2026-12'],
      ['2026-11-30T23:59:59.999Z', '2026-11'],
      ['2024-02-29T12:00:00.000Z', '2024-02'],
      ['2024-03-01T00:00:00.000Z', '2024-03'],
      ['2026-12-15T00:00:00.000Z', '2026-12'],
    ];
    for (const [moment, period] of moments) expect(grantPeriod(Date.parse(moment))).toBe(period);
  });

  it('defaults to now', () => {
    expect(grantPeriod()).toBe(new Date().toISOString().slice(0, 7));
  });
});
