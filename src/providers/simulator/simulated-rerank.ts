/**
 * The simulator's reranker: a deterministic relevance score from the overlap of character
 * bigrams of the query and a document (works for Chinese and English alike), in [0, 1].
 */
export function relevanceScore(query: string, document: string): number {
  const queryGrams = bigrams(query);
  if (queryGrams.size === 0) return 0;
  const documentGrams = bigrams(document);
  let shared = 0;
  for (const gram of queryGrams) if (documentGrams.has(gram)) shared++;
  return Math.round((shared / queryGrams.size) * 1e6) / 1e6;
}

function bigrams(text: string): Set<string> {
  const characters = [...text.toLowerCase().replace(/\s+/g, ' ').trim()];
  const grams = new Set<string>();
  for (let index = 0; index + 1 < characters.length; index++) grams.add(characters[index]! + characters[index + 1]!);
  if (characters.length === 1) grams.add(characters[0]!);
  return grams;
}

/** The text of one entry of `documents` (a string, or `{ text }` as Cohere and Jina accept). */
export function documentText(document: unknown): string | null {
  if (typeof document === 'string') return document;
  if (document && typeof document === 'object' && typeof (document as { text?: unknown }).text === 'string')
    return (document as { text: string }).text;
  return null;
}
