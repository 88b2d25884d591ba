import { describe, expect, it } from 'vitest';
import {
  cohensKappa,
  fleissCounts,
  fleissKappa,
  krippendorffAlphaInterval,
  krippendorffAlphaNominal,
  matchSpans,
  spanF1,
} from './agreement-metrics.ts';

function repeat(pair: [string, string], times: number): Array<[string, string]> {
  return Array.from({ length: times }, () => pair);
}

describe('Cohen’s kappa', () => {
  it('matches the textbook 2×2 example (20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no: κ = 0.4)', () => {
    const pairs = [
      ...repeat(['yes', 'yes'], 20),
      ...repeat(['yes', 'no'], 5),
      ...repeat(['no', 'yes'], 10),
      ...repeat(['no', 'no'], 15),
    ];
    expect(cohensKappa(pairs)).toBeCloseTo(0.4, 10);
  });

  it('matches a second hand-computed table (45/15/25/15: po = 0.6, pe = 0.54, κ ≈ 0.1304)', () => {
    const pairs = [
      ...repeat(['yes', 'yes'], 45),
      ...repeat(['yes', 'no'], 15),
      ...repeat(['no', 'yes'], 25),
      ...repeat(['no', 'no'], 15),
    ];
    expect(cohensKappa(pairs)).toBeCloseTo(0.06 / 0.46, 10);
  });

  it('is 1 for perfect agreement and null without items', () => {
    expect(
      cohensKappa([
        ['a', 'a'],
        ['b', 'b'],
      ]),
    ).toBe(1);
    // One single category: chance agreement is 1, kappa is 0/0 — undefined, not perfect.
    expect(cohensKappa([['a', 'a']])).toBeNull();
    expect(cohensKappa([])).toBeNull();
  });
});

describe('Fleiss’ kappa', () => {
  it('matches the Wikipedia example (10 items, 14 raters, 5 categories: κ ≈ 0.210)', () => {
    const table = [
      [0, 0, 0, 0, 14],
      [0, 2, 6, 4, 2],
      [0, 0, 3, 5, 6],
      [0, 3, 9, 2, 0],
      [2, 2, 8, 1, 1],
      [7, 7, 0, 0, 0],
      [3, 2, 6, 3, 0],
      [2, 5, 3, 2, 2],
      [6, 5, 2, 1, 0],
      [0, 2, 2, 3, 7],
    ];
    expect(fleissKappa(table)).toBeCloseTo(0.2099, 4);
  });

  it('builds the count matrix from labels and reduces to Cohen-like values for two raters', () => {
    const { categories, counts } = fleissCounts(
      [
        ['a', 'a'],
        ['a', 'b'],
        ['b', 'b'],
        ['b', 'b', 'b'],
      ],
      2,
    );
    expect(categories).toEqual(['a', 'b']);
    expect(counts).toEqual([
      [2, 0],
      [1, 1],
      [0, 2],
    ]);
    expect(() =>
      fleissKappa([
        [2, 0],
        [1, 0],
      ]),
    ).toThrow();
  });
});

describe('Krippendorff’s alpha (nominal)', () => {
  it('matches Krippendorff’s own example with missing data (α ≈ 0.743)', () => {
    const _ = null;
    const coders = [
      ['1', '2', '3', '3', '2', '1', '4', '1', '2', _, _, _],
      ['1', '2', '3', '3', '2', '2', '4', '1', '2', '5', _, '3'],
      [_, '3', '3', '3', '2', '3', '4', '2', '2', '5', '1', _],
      ['1', '2', '3', '3', '2', '4', '4', '1', '2', '5', '1', _],
    ];
    const units = coders[0]!.map((_value, unit) => coders.map((coder) => coder[unit]));
    expect(krippendorffAlphaNominal(units)).toBeCloseTo(0.743, 3);
    // The same data as interval values: α ≈ 0.849 (Krippendorff 2011, section C).
    expect(
      krippendorffAlphaInterval(units.map((unit) => unit.map((value) => (value === null ? null : Number(value))))),
    ).toBeCloseTo(0.849, 3);
  });

  it('ignores units with one value and is 1 for perfect agreement', () => {
    expect(krippendorffAlphaNominal([['a', 'a'], ['b', 'b', 'b'], ['c']])).toBe(1);
    expect(
      krippendorffAlphaNominal([
        ['a', 'a'],
        ['a', 'a', 'a'],
      ]),
    ).toBeNull();
    expect(fleissKappa([[2], [2]])).toBeNull();
    expect(krippendorffAlphaNominal([['a']])).toBeNull();
  });
});

describe('span F1', () => {
  it('counts exact (start, end, label) matches, micro-averaged', () => {
    const a = [
      { start: 0, end: 2, label: 'ORG' },
      { start: 5, end: 9, label: 'PER' },
    ];
    const b = [
      { start: 0, end: 2, label: 'ORG' },
      { start: 5, end: 8, label: 'PER' },
      { start: 10, end: 12, label: 'LOC' },
    ];
    const match = matchSpans(a, b);
    expect(match).toEqual({ matched: 1, total: 5 });
    expect(spanF1([match])).toBeCloseTo(0.4, 10);
    expect(spanF1([matchSpans(a, b, 'ORG')])).toBe(1);
    expect(spanF1([matchSpans([], [])])).toBeNull();
  });
});
