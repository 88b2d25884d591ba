import { stableHash } from './simulated-answer.ts';

/**
 * A deterministic embedding: character trigrams hashed into signed buckets, L2-normalised.
 * Texts that share wording get similar vectors, which is enough for RAG demos and tests.
 */
export function embedText(text: string, dimensions: number): Float32Array {
  const vector = new Float32Array(dimensions);
  const normalized = ` ${text.toLowerCase()} `;
  for (let index = 0; index + 3 <= normalized.length; index++) {
    const hash = stableHash(normalized.slice(index, index + 3));
    vector[hash % dimensions] += hash & 0x80000000 ? -1 : 1;
  }
  let norm = 0;
  for (const value of vector) norm += value * value;
  norm = Math.sqrt(norm) || 1;
  for (let index = 0; index < dimensions; index++) vector[index] = vector[index]! / norm;
  return vector;
}

export function encodeBase64(vector: Float32Array): string {
  return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength).toString('base64');
}
