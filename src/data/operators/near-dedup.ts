import { z } from 'zod';
import { recordText } from '../data-record.ts';
import { clusterSignatures } from '../dedup/lsh-clusterer.ts';
import { MinHasher } from '../dedup/minhash.ts';
import { optimalBands } from '../dedup/optimal-bands.ts';
import { planFromClusters } from '../dedup/plan-from-clusters.ts';
import { shingleModes } from '../dedup/shingle-hasher.ts';
import { defineOperator } from './operator-types.ts';

const schema = z
  .object({
    /** Jaccard similarity of shingle sets above which two records are near duplicates. */
    threshold: z.number().gt(0).lt(1).default(0.7),
    numPermutations: z.number().int().min(16).max(1024).default(128),
    /** Tokens per shingle: CJK characters, and characters (or words) of other scripts. */
    ngramSize: z.number().int().min(1).max(20).default(5),
    /**
     * Shingles of non-CJK text: `characters` (default: typo-level variants stay similar) or `words`
     * (the default before; a typo changes every word n-gram that spans it).
     */
    shingles: z.enum(shingleModes).default('characters'),
    /**
     * Keep one shingle in k, chosen by hash (the same shingles in every text): 1/k of the MinHash
     * work. 4 by default with character shingles; 1 keeps every shingle.
     */
    sampling: z.number().int().min(1).max(64).optional(),
    /** Bands and rows; default: chosen to minimise weighted false positives + false negatives. */
    bands: z.number().int().positive().optional(),
    rows: z.number().int().positive().optional(),
    /**
     * Weights of the banding optimisation. Candidates are verified by their estimated Jaccard,
     * so a false positive of the banding only costs a comparison: the default favours recall.
     */
    falsePositiveWeight: z.number().min(0).max(1).default(0.2),
    falseNegativeWeight: z.number().min(0).max(1).default(0.8),
    /** Check every LSH candidate pair by its estimated Jaccard before merging clusters. */
    verify: z.boolean().default(true),
    seed: z.number().int().default(1),
  })
  .strict()
  .refine((params) => (params.bands === undefined) === (params.rows === undefined), {
    message: 'set both bands and rows, or neither',
  })
  .refine((params) => params.bands === undefined || params.bands * params.rows! <= params.numPermutations, {
    message: 'bands × rows must not exceed numPermutations',
  });

export const nearDedupOperator = defineOperator({
  name: 'near_dedup',
  description: 'MinHash-LSH near-duplicate removal: one representative (the first) per cluster, cluster ids recorded.',
  schema,
  create(params) {
    const hasher = new MinHasher({
      numPermutations: params.numPermutations,
      ngramSize: params.ngramSize,
      shingles: params.shingles,
      sampling: params.sampling ?? (params.shingles === 'characters' ? 4 : 1),
      seed: params.seed,
    });
    const bands =
      params.bands !== undefined
        ? { bands: params.bands, rows: params.rows!, falsePositive: Number.NaN, falseNegative: Number.NaN }
        : optimalBands(
            params.threshold,
            params.numPermutations,
            params.falsePositiveWeight,
            params.falseNegativeWeight,
          );
    const buffer = new Uint32Array(params.numPermutations);
    return {
      kind: 'global',
      summarize(record) {
        hasher.signatureInto(recordText(record), buffer);
        return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
      },
      plan(summaries, ids, count) {
        const signatures = new Uint32Array(summaries.buffer, summaries.byteOffset, count * params.numPermutations);
        const clusters = clusterSignatures(
          signatures,
          count,
          params.numPermutations,
          bands,
          params.threshold,
          params.verify,
        );
        return planFromClusters(clusters, ids, 'near duplicate', 'near_dup_cluster', {
          bands: bands.bands,
          rows: bands.rows,
          candidatePairs: clusters.candidatePairs,
          verifiedPairs: clusters.verifiedPairs,
        });
      },
    };
  },
});
