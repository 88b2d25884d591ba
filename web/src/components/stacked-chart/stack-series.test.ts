import { describe, expect, it } from 'vitest';
import { categoryAt, stackSeries } from './stack-series.ts';

describe('stackSeries', () => {
  it('stacks each series on the ones before it and finds the highest total', () => {
    const { segments, highest } = stackSeries(
      [
        { name: 'a', values: [1, 0, 2] },
        { name: 'b', values: [3, 4, 0] },
      ],
      3,
    );
    expect(segments).toEqual([
      [
        { low: 0, high: 1 },
        { low: 0, high: 0 },
        { low: 0, high: 2 },
      ],
      [
        { low: 1, high: 4 },
        { low: 0, high: 4 },
        { low: 2, high: 2 },
      ],
    ]);
    expect(highest).toBe(4);
  });

  it('treats missing and negative values as nothing', () => {
    const { segments, highest } = stackSeries([{ name: 'a', values: [-5] }], 2);
    expect(segments[0]).toEqual([
      { low: 0, high: 0 },
      { low: 0, high: 0 },
    ]);
    expect(highest).toBe(0);
  });
});

describe('categoryAt', () => {
  it('maps a position to the category under it, clamped to the plot', () => {
    expect(categoryAt(0, 240, 24)).toBe(0);
    expect(categoryAt(15, 240, 24)).toBe(1);
    expect(categoryAt(239.9, 240, 24)).toBe(23);
    expect(categoryAt(-4, 240, 24)).toBe(0);
    expect(categoryAt(400, 240, 24)).toBe(23);
  });
});
