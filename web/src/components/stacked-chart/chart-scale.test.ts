import { describe, expect, it } from 'vitest';
import { labelStep, valueScale } from './chart-scale.ts';

describe('valueScale', () => {
  it('covers the highest value with round steps', () => {
    expect(valueScale(87)).toEqual({ max: 100, step: 20, ticks: [0, 20, 40, 60, 80, 100] });
    expect(valueScale(100)).toEqual({ max: 100, step: 20, ticks: [0, 20, 40, 60, 80, 100] });
    expect(valueScale(12_345).ticks).toEqual([0, 2_500, 5_000, 7_500, 10_000, 12_500]);
  });

  it('keeps counts whole and small spends readable', () => {
    expect(valueScale(3, { integers: true }).ticks).toEqual([0, 1, 2, 3]);
    expect(valueScale(0.00024).ticks).toEqual([0, 0.00005, 0.0001, 0.00015, 0.0002, 0.00025]);
    expect(valueScale(0.7).ticks).toEqual([0, 0.2, 0.4, 0.6, 0.8]);
  });

  it('draws an empty chart from 0 to 1', () => {
    expect(valueScale(0, { integers: true }).ticks).toEqual([0, 1]);
    expect(valueScale(Number.NaN).max).toBe(1);
  });
});

describe('labelStep', () => {
  it('skips labels that would overlap', () => {
    expect(labelStep(24, 40, 90)).toBe(3);
    expect(labelStep(7, 120, 60)).toBe(1);
    expect(labelStep(1, 10, 90)).toBe(1);
  });
});
