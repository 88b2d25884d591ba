import { ShingleHasher, type ShingleMode } from './shingle-hasher.ts';

/** A small deterministic PRNG (mulberry32) so every process derives the same permutations. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return (value ^ (value >>> 14)) >>> 0;
  };
}

export interface MinHasherOptions {
  numPermutations?: number;
  ngramSize?: number;
  /** Shingles of non-CJK text: character n-grams (default) or word n-grams. */
  shingles?: ShingleMode;
  /** Keep one shingle in k (by hash, the same ones in every text); 1 keeps all. */
  sampling?: number;
  seed?: number;
}

/**
 * MinHash signatures with 32-bit arithmetic: permutation k maps a shingle hash x (fmix32-mixed)
 * to (a_k·x + b_k) mod 2³² (a bijection of 32-bit values, a_k odd); the signature is the minimum
 * per permutation (as signed int32, which keeps V8 on unboxed integers). Inner loop over typed
 * arrays, no allocation per shingle.
 */
export class MinHasher {
  readonly numPermutations: number;
  // Int32 everywhere in the hot loop: V8 keeps int32 values unboxed, while uint32 values ≥ 2³¹ become doubles.
  private readonly multipliers: Int32Array;
  private readonly increments: Int32Array;
  private readonly hasher: ShingleHasher;
  /** Long-lived scratch signature: V8 optimises element access on it far better than on a fresh view per call. */
  private readonly scratch: Int32Array;

  constructor(options: MinHasherOptions = {}) {
    this.numPermutations = options.numPermutations ?? 128;
    this.hasher = new ShingleHasher(options.ngramSize ?? 5, options.shingles ?? 'characters', options.sampling ?? 1);
    const random = mulberry32(options.seed ?? 1);
    this.multipliers = new Int32Array(this.numPermutations);
    this.increments = new Int32Array(this.numPermutations);
    this.scratch = new Int32Array(this.numPermutations);
    for (let index = 0; index < this.numPermutations; index++) {
      this.multipliers[index] = random() | 1;
      this.increments[index] = random() | 0;
    }
  }

  /** Writes the signature of `text` into `out` (length numPermutations) at `offset`. */
  signatureInto(text: string, out: Uint32Array, offset = 0): void {
    const shingles = this.hasher.hash(text);
    const count = this.numPermutations;
    // Signed minimum over the same bijections: an equally valid MinHash, and all-int32 arithmetic.
    const signature = this.scratch;
    signature.fill(0x7fffffff);
    const multipliers = this.multipliers;
    const increments = this.increments;
    const shingleCount = shingles.length;
    // Four shingles per sweep over the permutations, and Math.min (which V8 compiles to branch-free
    // int32 code): the minimum changes unpredictably, so compare-and-branch code mispredicts a lot.
    // About 2.4× faster on real text than one shingle per sweep with an if.
    // The order of images is decided by their high bits, which depend on every bit of the
    // (already well-mixed) shingle hash.
    let index = 0;
    for (; index + 4 <= shingleCount; index += 4) {
      const first = shingles[index]!;
      const second = shingles[index + 1]!;
      const third = shingles[index + 2]!;
      const fourth = shingles[index + 3]!;
      for (let permutation = 0; permutation < count; permutation++) {
        const multiplier = multipliers[permutation]!;
        const increment = increments[permutation]!;
        signature[permutation] = Math.min(
          signature[permutation]!,
          (Math.imul(multiplier, first) + increment) | 0,
          (Math.imul(multiplier, second) + increment) | 0,
          (Math.imul(multiplier, third) + increment) | 0,
          (Math.imul(multiplier, fourth) + increment) | 0,
        );
      }
    }
    for (; index < shingleCount; index++) {
      const shingle = shingles[index]!;
      for (let permutation = 0; permutation < count; permutation++) {
        signature[permutation] = Math.min(
          signature[permutation]!,
          (Math.imul(multipliers[permutation]!, shingle) + increments[permutation]!) | 0,
        );
      }
    }
    for (let permutation = 0; permutation < count; permutation++)
      out[offset + permutation] = signature[permutation]! >>> 0;
  }

  signature(text: string): Uint32Array {
    const out = new Uint32Array(this.numPermutations);
    this.signatureInto(text, out);
    return out;
  }
}

/** Fraction of equal positions: an unbiased estimate of the Jaccard similarity of the shingle sets. */
export function estimateJaccard(
  signatures: Uint32Array,
  first: number,
  second: number,
  numPermutations: number,
): number {
  const a = first * numPermutations;
  const b = second * numPermutations;
  let equal = 0;
  for (let index = 0; index < numPermutations; index++) if (signatures[a + index] === signatures[b + index]) equal++;
  return equal / numPermutations;
}
