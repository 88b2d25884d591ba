import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * A CommonJS module loaded the first time it is used. For big libraries off the request path
 * (the BPE tokenizer's ranks, the language detector's model: tens of MB each), so that a gateway
 * that never needs them does not carry them in memory.
 */
export function loadOnFirstUse<T>(specifier: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(specifier) as T);
}
