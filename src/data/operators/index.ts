import { c4FilterOperator } from './c4-filter.ts';
import { chunkOperator } from './chunk.ts';
import { exactDedupOperator } from './exact-dedup.ts';
import { finewebFilterOperator } from './fineweb-filter.ts';
import { flaggedWordsFilterOperator } from './flagged-words-filter.ts';
import { gopherQualityFilterOperator } from './gopher-quality-filter.ts';
import { gopherRepetitionFilterOperator } from './gopher-repetition-filter.ts';
import { languageFilterOperator } from './language-filter.ts';
import { lengthFilterOperator } from './length-filter.ts';
import { nearDedupOperator } from './near-dedup.ts';
import { normalizeOperator } from './normalize.ts';
import type { OperatorDefinition } from './operator-types.ts';
import { piiRedactOperator } from './pii-redact.ts';
import { specialCharactersFilterOperator } from './special-characters-filter.ts';

/** Every operator a recipe may name, in the order the docs list them. */
export const operatorDefinitions: readonly OperatorDefinition[] = [
  normalizeOperator,
  exactDedupOperator,
  nearDedupOperator,
  piiRedactOperator,
  languageFilterOperator,
  lengthFilterOperator,
  gopherQualityFilterOperator,
  gopherRepetitionFilterOperator,
  c4FilterOperator,
  finewebFilterOperator,
  specialCharactersFilterOperator,
  flaggedWordsFilterOperator,
  chunkOperator,
];

export const operatorsByName: ReadonlyMap<string, OperatorDefinition> = new Map(
  operatorDefinitions.map((definition) => [definition.name, definition]),
);
