import { describe, expect, it } from 'vitest';
import { optimalBands, precomputedBands, searchBandsReference, searchBandsUncached } from './optimal-bands.ts';

describe('optimalBands', () => {
  it('precomputed results are what the search finds', () => {
    for (const [key, expected] of precomputedBands) {
      const [threshold, permutations, falsePositiveWeight, falseNegativeWeight] = key.split(':').map(Number);
      expect(searchBandsReference(threshold!, permutations!, falsePositiveWeight!, falseNegativeWeight!)).toEqual(
        expected,
      );
    }
    expect(optimalBands(0.7, 128, 0.2, 0.8)).toEqual({
      bands: 18,
      rows: 7,
      falsePositive: expect.any(Number),
      falseNegative: expect.any(Number),
    });
  });

  it('the search with sʳ computed once per r finds the same bands and areas, bit for bit', () => {
    for (const threshold of [0.3, 0.55, 0.7, 0.92])
      for (const permutations of [16, 100, 128])
        for (const [falsePositiveWeight, falseNegativeWeight] of [
          [0.2, 0.8],
          [0.5, 0.5],
          [1, 0],
        ] as const)
          expect(searchBandsUncached(threshold, permutations, falsePositiveWeight, falseNegativeWeight)).toStrictEqual(
            searchBandsReference(threshold, permutations, falsePositiveWeight, falseNegativeWeight),
          );
  });
});
