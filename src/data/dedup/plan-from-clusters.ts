import type { GlobalPlan } from '../operators/operator-types.ts';
import type { ClusterResult } from './lsh-clusterer.ts';

/** Builds a global plan from clusters: representatives keep, the others are dropped. */
export function planFromClusters(
  clusters: ClusterResult,
  ids: string[],
  label: string,
  clusterKey: string,
  details: Record<string, number>,
): GlobalPlan {
  const representativeIds: Record<number, string> = {};
  let duplicates = 0;
  let clusters2 = 0;
  for (let index = 0; index < clusters.representative.length; index++) {
    const representative = clusters.representative[index]!;
    if (representative !== index) {
      duplicates++;
      representativeIds[representative] = ids[representative]!;
    } else if (clusters.clusterSize[index]! > 1) {
      clusters2++;
    }
  }
  return {
    representative: clusters.representative,
    similarity: clusters.similarity,
    clusterSize: clusters.clusterSize,
    representativeIds,
    details: { ...details, duplicates, clusters: clusters2 },
    clusterKey,
    label,
  };
}
