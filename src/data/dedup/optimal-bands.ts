/**
 * LSH banding for MinHash: b bands of r rows (b·r ≤ numPermutations) chosen to minimise the
 * weighted sum of the false-positive area ∫₀ᵗ P(s) ds and the false-negative area ∫ₜ¹ 1−P(s) ds,
 * where P(s) = 1 − (1 − sʳ)ᵇ is the probability that a pair of Jaccard similarity s shares a
 * band — the same criterion as datasketch's `_optimal_param`.
 */
export interface BandParameters {
  bands: number;
  rows: number;
  falsePositive: number;
  falseNegative: number;
}

const STEPS = 200; // Simpson's rule, even number of intervals

function integrate(f: (s: number) => number, from: number, to: number): number {
  if (to <= from) return 0;
  const step = (to - from) / STEPS;
  let sum = f(from) + f(to);
  for (let index = 1; index < STEPS; index++) sum += f(from + index * step) * (index % 2 === 1 ? 4 : 2);
  return (sum * step) / 3;
}

const cache = new Map<string, BandParameters>();

export function optimalBands(
  threshold: number,
  numPermutations: number,
  falsePositiveWeight = 0.5,
  falseNegativeWeight = 0.5,
): BandParameters {
  const key = `${threshold}:${numPermutations}:${falsePositiveWeight}:${falseNegativeWeight}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const best = searchBands(threshold, numPermutations, falsePositiveWeight, falseNegativeWeight);
  cache.set(key, best);
  return best;
}

function searchBands(
  threshold: number,
  numPermutations: number,
  falsePositiveWeight: number,
  falseNegativeWeight: number,
): BandParameters {
  let best: BandParameters = { bands: 1, rows: numPermutations, falsePositive: 1, falseNegative: 1 };
  let bestError = Number.POSITIVE_INFINITY;
  for (let bands = 1; bands <= numPermutations; bands++) {
    const maxRows = Math.floor(numPermutations / bands);
    for (let rows = 1; rows <= maxRows; rows++) {
      const collide = (s: number) => 1 - (1 - s ** rows) ** bands;
      const falsePositive = integrate(collide, 0, threshold);
      const falseNegative = integrate((s) => 1 - collide(s), threshold, 1);
      const error = falsePositive * falsePositiveWeight + falseNegative * falseNegativeWeight;
      if (error < bestError) {
        bestError = error;
        best = { bands, rows, falsePositive, falseNegative };
      }
    }
  }
  return best;
}
