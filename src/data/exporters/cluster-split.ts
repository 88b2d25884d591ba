import { recordText, type DataRecord } from '../data-record.ts';
import { clusterSignatures } from '../dedup/lsh-clusterer.ts';
import { fmix32 } from '../dedup/shingle-hasher.ts';
import { MinHasher } from '../dedup/minhash.ts';
import { optimalBands } from '../dedup/optimal-bands.ts';

export interface SplitOptions {
  validationRatio: number;
  /** Near-duplicate threshold for keeping clusters together. */
  threshold?: number;
  seed?: number;
}

const NUM_PERMUTATIONS = 64;

function hashString(text: string, seed: number): number {
  let hash = 0x811c9dc5 ^ seed;
  for (let index = 0; index < text.length; index++) hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193);
  return fmix32(hash);
}

/**
 * Decides train/validation per near-duplicate cluster, so no validation record has a near
 * twin in train: records are clustered with MinHash-LSH (or by a recorded cluster id), and a
 * cluster goes to validation when the hash of its representative's id falls under the ratio.
 */
export class ClusterSplitter {
  private readonly hasher = new MinHasher({ numPermutations: NUM_PERMUTATIONS, ngramSize: 5 });
  private signatures = new Uint32Array(NUM_PERMUTATIONS * 1024);
  private readonly ids: string[] = [];
  private readonly recordedClusters: Array<string | null> = [];

  constructor(private readonly options: SplitOptions) {}

  /** Pass 1: observe every record in order. */
  add(record: DataRecord): void {
    const index = this.ids.length;
    if ((index + 1) * NUM_PERMUTATIONS > this.signatures.length) {
      const grown = new Uint32Array(this.signatures.length * 2);
      grown.set(this.signatures);
      this.signatures = grown;
    }
    this.hasher.signatureInto(recordText(record), this.signatures, index * NUM_PERMUTATIONS);
    this.ids.push(record.id);
    const recorded = record.meta?.near_dup_cluster;
    this.recordedClusters.push(typeof recorded === 'string' ? recorded : null);
  }

  /** After pass 1: for each position, true when it goes to validation. */
  assign(): boolean[] {
    const threshold = this.options.threshold ?? 0.7;
    const clusters = clusterSignatures(
      this.signatures,
      this.ids.length,
      NUM_PERMUTATIONS,
      optimalBands(threshold, NUM_PERMUTATIONS, 0.2, 0.8),
      threshold,
    );
    const seed = this.options.seed ?? 42;
    return this.ids.map((_, index) => {
      const key = this.recordedClusters[index] ?? this.ids[clusters.representative[index]!]!;
      return hashString(key, seed) / 4294967296 < this.options.validationRatio;
    });
  }
}
