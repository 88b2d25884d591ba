import { estimateJaccard } from './minhash.ts';
import type { BandParameters } from './optimal-bands.ts';

export interface ClusterResult {
  /** For each document: the index of its cluster's representative (the earliest document); itself when unique or representative. */
  representative: Int32Array;
  /** For each duplicate: the estimated Jaccard similarity to the document it matched (0 for representatives). */
  similarity: Float32Array;
  /** Number of documents in each document's cluster. */
  clusterSize: Int32Array;
  candidatePairs: number;
  verifiedPairs: number;
}

/**
 * LSH banding over signatures (documents × numPermutations, one flat Uint32Array), union-find
 * over candidate pairs verified by estimated Jaccard ≥ threshold. A bucket hit is confirmed by
 * comparing the band's rows, so a collision of the 30-bit bucket keys never creates a candidate.
 */
export function clusterSignatures(
  signatures: Uint32Array,
  documentCount: number,
  numPermutations: number,
  bands: BandParameters,
  threshold: number,
  verify = true,
): ClusterResult {
  const parent = new Int32Array(documentCount);
  for (let index = 0; index < documentCount; index++) parent[index] = index;
  const similarity = new Float32Array(documentCount);
  const find = (index: number): number => {
    let root = index;
    while (parent[root] !== root) root = parent[root]!;
    let current = index;
    while (parent[current] !== root) {
      const next = parent[current]!;
      parent[current] = root;
      current = next;
    }
    return root;
  };
  let candidatePairs = 0;
  let verifiedPairs = 0;
  const rows = bands.rows;
  const sameBand = (first: number, second: number, start: number): boolean => {
    const a = first * numPermutations + start;
    const b = second * numPermutations + start;
    for (let row = 0; row < rows; row++) if (signatures[a + row] !== signatures[b + row]) return false;
    return true;
  };
  // An open-addressing table (typed arrays, linear probing) per band, reused: far cheaper than a Map.
  let capacity = 16;
  while (capacity < documentCount * 2) capacity *= 2;
  const mask = capacity - 1;
  const tableKeys = new Int32Array(capacity);
  const tableDocuments = new Int32Array(capacity);
  for (let band = 0; band < bands.bands; band++) {
    // Keys are 30-bit hashes of the band's rows; a hit is confirmed by comparing the rows
    // themselves, so hash collisions never merge anything.
    tableKeys.fill(-1);
    const start = band * rows;
    for (let document = 0; document < documentCount; document++) {
      const base = document * numPermutations + start;
      let hash = 0x811c9dc5 ^ band;
      for (let row = 0; row < rows; row++) hash = Math.imul(hash ^ signatures[base + row]!, 0x01000193);
      hash ^= hash >>> 15;
      const key = hash & 0x3fffffff;
      let slot = key & mask;
      let first = -1;
      while (tableKeys[slot] !== -1) {
        if (tableKeys[slot] === key && sameBand(tableDocuments[slot]!, document, start)) {
          first = tableDocuments[slot]!;
          break;
        }
        slot = (slot + 1) & mask;
      }
      if (first === -1) {
        tableKeys[slot] = key;
        tableDocuments[slot] = document;
        continue;
      }
      candidatePairs++;
      const rootFirst = find(first);
      const rootDocument = find(document);
      if (rootFirst === rootDocument) continue;
      const estimate = verify ? estimateJaccard(signatures, first, document, numPermutations) : 1;
      if (estimate < threshold) continue;
      verifiedPairs++;
      if (similarity[document] === 0) similarity[document] = estimate;
      // The earlier document stays the root: representatives are first occurrences.
      if (rootFirst < rootDocument) parent[rootDocument] = rootFirst;
      else parent[rootFirst] = rootDocument;
    }
  }
  const representative = new Int32Array(documentCount);
  const clusterSize = new Int32Array(documentCount);
  for (let document = 0; document < documentCount; document++) {
    representative[document] = find(document);
    clusterSize[representative[document]!]!++;
  }
  for (let document = 0; document < documentCount; document++) {
    clusterSize[document] = clusterSize[representative[document]!]!;
    if (representative[document] === document) similarity[document] = 0;
  }
  return { representative, similarity, clusterSize, candidatePairs, verifiedPairs };
}
