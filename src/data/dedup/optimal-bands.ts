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

/**
 * The results for 128 permutations and the default weights at common thresholds, so a process
 * does not search for them (~30–250 ms per process on a loaded machine);
 * `optimal-bands.test.ts` checks each against the search.
 */
export const precomputedBands: ReadonlyArray<[string, BandParameters]> = [
  ['0.5:128:0.2:0.8', { bands: 30, rows: 4, falsePositive: 0.12156402707621927, falseNegative: 0.006862722172718455 }],
  ['0.6:128:0.2:0.8', { bands: 23, rows: 5, falsePositive: 0.11921813144526444, falseNegative: 0.0071215567994875615 }],
  ['0.7:128:0.2:0.8', { bands: 18, rows: 7, falsePositive: 0.09293444949890937, falseNegative: 0.009165887582247748 }],
  ['0.75:128:0.2:0.8', { bands: 16, rows: 8, falsePositive: 0.09381890764382067, falseNegative: 0.006849266667216085 }],
  ['0.8:128:0.2:0.8', { bands: 12, rows: 10, falsePositive: 0.07062522973112693, falseNegative: 0.009319857329449318 }],
  ['0.85:128:0.2:0.8', { bands: 9, rows: 13, falsePositive: 0.0522612315553849, falseNegative: 0.010231507402294471 }],
  ['0.9:128:0.2:0.8', { bands: 7, rows: 18, falsePositive: 0.03999324824249286, falseNegative: 0.007805127452967832 }],
];

const cache = new Map<string, BandParameters>(precomputedBands);

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

/** The points integrate() evaluates on [from, to], in its order: from, to, then the inner ones. */
function simpsonPoints(from: number, to: number): Float64Array {
  const points = new Float64Array(STEPS + 1);
  const step = (to - from) / STEPS;
  points[0] = from;
  points[1] = to;
  for (let index = 1; index < STEPS; index++) points[index + 1] = from + index * step;
  return points;
}

/**
 * integrate(s ↦ 1 − (1 − sʳ)ᵇ) (or 1 minus it, `complement`) with sʳ given per point: the same
 * operations in the same order as integrate(), so the same value to the last bit.
 */
function integrateCollision(
  powers: Float64Array,
  bands: number,
  from: number,
  to: number,
  complement: boolean,
): number {
  if (to <= from) return 0;
  const step = (to - from) / STEPS;
  const f = (at: number) => {
    const collide = 1 - (1 - powers[at]!) ** bands;
    return complement ? 1 - collide : collide;
  };
  let sum = f(0) + f(1);
  for (let index = 1; index < STEPS; index++) sum += f(index + 1) * (index % 2 === 1 ? 4 : 2);
  return (sum * step) / 3;
}

function searchBands(
  threshold: number,
  numPermutations: number,
  falsePositiveWeight: number,
  falseNegativeWeight: number,
): BandParameters {
  // sʳ at every point of both integrals, once per r (not once per b·r pair).
  const below = simpsonPoints(0, threshold);
  const above = simpsonPoints(threshold, 1);
  const powersOf = (points: Float64Array, rows: number) => points.map((s) => s ** rows);
  let best: BandParameters = { bands: 1, rows: numPermutations, falsePositive: 1, falseNegative: 1 };
  let bestError = Number.POSITIVE_INFINITY;
  const powersBelow: Float64Array[] = [];
  const powersAbove: Float64Array[] = [];
  for (let bands = 1; bands <= numPermutations; bands++) {
    const maxRows = Math.floor(numPermutations / bands);
    for (let rows = 1; rows <= maxRows; rows++) {
      const low = (powersBelow[rows] ??= powersOf(below, rows));
      const high = (powersAbove[rows] ??= powersOf(above, rows));
      const falsePositive = integrateCollision(low, bands, 0, threshold, false);
      const falseNegative = integrateCollision(high, bands, threshold, 1, true);
      const error = falsePositive * falsePositiveWeight + falseNegative * falseNegativeWeight;
      if (error < bestError) {
        bestError = error;
        best = { bands, rows, falsePositive, falseNegative };
      }
    }
  }
  return best;
}

/** The search as first written (one closure per b·r pair): the reference searchBands must equal. */
export function searchBandsReference(
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

/** searchBands without the cache (tests). */
export const searchBandsUncached = searchBands;
