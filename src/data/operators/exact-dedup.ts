import { z } from 'zod';
import { recordText } from '../data-record.ts';
import { dedupKeyDigest } from '../dedup/dedup-key-hash.ts';
import { planFromClusters } from '../dedup/plan-from-clusters.ts';
import { defineOperator } from './operator-types.ts';

const schema = z
  .object({
    /** Compare case-insensitively. */
    lowercase: z.boolean().default(true),
    /** Ignore punctuation and symbols (so "你好！" equals "你好"). */
    ignorePunctuation: z.boolean().default(true),
  })
  .strict();

export const exactDedupOperator = defineOperator({
  name: 'exact_dedup',
  description: 'Drops records whose normalized text equals an earlier record (MD5 of the normalized text).',
  schema,
  create(params) {
    return {
      kind: 'global',
      summarize(record) {
        return dedupKeyDigest(recordText(record), params.lowercase, params.ignorePunctuation);
      },
      plan(summaries, ids, count) {
        const view = new DataView(summaries.buffer, summaries.byteOffset, summaries.byteLength);
        const first = new Map<string, number>();
        const representative = new Int32Array(count);
        const clusterSize = new Int32Array(count);
        for (let index = 0; index < count; index++) {
          const key = `${view.getUint32(index * 8)}:${view.getUint32(index * 8 + 4)}`;
          const earlier = first.get(key);
          if (earlier === undefined) {
            first.set(key, index);
            representative[index] = index;
          } else {
            representative[index] = earlier;
          }
          clusterSize[representative[index]!]!++;
        }
        for (let index = 0; index < count; index++) clusterSize[index] = clusterSize[representative[index]!]!;
        const similarity = new Float32Array(count).map((_, index) => (representative[index] === index ? 0 : 1));
        return planFromClusters(
          { representative, similarity, clusterSize, candidatePairs: 0, verifiedPairs: 0 },
          ids,
          'exact duplicate',
          'exact_dup_cluster',
          {},
        );
      },
    };
  },
});
