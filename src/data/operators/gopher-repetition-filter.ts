import { z } from 'zod';
import { words } from '../text/script.ts';
import { defineFilter } from './define-filter.ts';

/** Defaults of Gopher's repetition removal as in datatrove's GopherRepetitionFilter. */
const schema = z
  .object({
    maxDuplicateLineFraction: z.number().min(0).max(1).default(0.3),
    maxDuplicateParagraphFraction: z.number().min(0).max(1).default(0.3),
    maxDuplicateLineCharacterFraction: z.number().min(0).max(1).default(0.2),
    maxDuplicateParagraphCharacterFraction: z.number().min(0).max(1).default(0.2),
    /** n → max share of characters in the most frequent n-gram. */
    topNgramCharacterFractions: z
      .record(z.string(), z.number().min(0).max(1))
      .default({ '2': 0.2, '3': 0.18, '4': 0.16 }),
    /** n → max share of characters in duplicated n-grams. */
    duplicateNgramCharacterFractions: z
      .record(z.string(), z.number().min(0).max(1))
      .default({ '5': 0.15, '6': 0.14, '7': 0.13, '8': 0.12, '9': 0.11, '10': 0.1 }),
  })
  .strict();

function duplicates(elements: string[]): { count: number; characters: number } {
  const seen = new Set<string>();
  let count = 0;
  let characters = 0;
  for (const element of elements) {
    if (seen.has(element)) {
      count++;
      characters += element.length;
    } else {
      seen.add(element);
    }
  }
  return { count, characters };
}

function topNgramFraction(tokens: string[], n: number, totalCharacters: number): number {
  const counts = new Map<string, number>();
  let best = 0;
  let bestGram = '';
  for (let index = 0; index + n <= tokens.length; index++) {
    const gram = tokens.slice(index, index + n).join(' ');
    const count = (counts.get(gram) ?? 0) + 1;
    counts.set(gram, count);
    if (count > best) {
      best = count;
      bestGram = gram;
    }
  }
  return best > 1 ? (bestGram.replaceAll(' ', '').length * best) / totalCharacters : 0;
}

function duplicateNgramFraction(tokens: string[], n: number, totalCharacters: number): number {
  const seen = new Set<string>();
  let repeated = 0;
  let index = 0;
  while (index + n <= tokens.length) {
    const gram = tokens.slice(index, index + n).join(' ');
    if (seen.has(gram)) {
      repeated += gram.length - (n - 1);
      index += n;
    } else {
      seen.add(gram);
      index++;
    }
  }
  return repeated / totalCharacters;
}

export const gopherRepetitionFilterOperator = defineFilter({
  name: 'gopher_repetition_filter',
  description:
    'Gopher repetition rules: duplicate lines/paragraphs, top n-gram and duplicate n-gram character fractions.',
  schema,
  rule(text, params) {
    const paragraphs = text.trim().split(/\n{2,}/);
    const paragraphDuplicates = duplicates(paragraphs);
    if (paragraphDuplicates.count / paragraphs.length > params.maxDuplicateParagraphFraction)
      return 'repetition: duplicate paragraphs';
    if (paragraphDuplicates.characters / text.length > params.maxDuplicateParagraphCharacterFraction)
      return 'repetition: characters in duplicate paragraphs';
    const lines = text.split(/\n+/);
    const lineDuplicates = duplicates(lines);
    if (lineDuplicates.count / lines.length > params.maxDuplicateLineFraction) return 'repetition: duplicate lines';
    if (lineDuplicates.characters / text.length > params.maxDuplicateLineCharacterFraction)
      return 'repetition: characters in duplicate lines';
    const tokens = words(text).map((word) => word.toLowerCase());
    const totalCharacters = tokens.reduce((sum, word) => sum + word.length, 0);
    if (totalCharacters === 0) return null;
    for (const [n, limit] of Object.entries(params.topNgramCharacterFractions)) {
      const fraction = topNgramFraction(tokens, Number(n), totalCharacters);
      if (fraction > limit) return `repetition: top ${n}-gram covers ${(fraction * 100).toFixed(0)}% of characters`;
    }
    for (const [n, limit] of Object.entries(params.duplicateNgramCharacterFractions)) {
      const fraction = duplicateNgramFraction(tokens, Number(n), totalCharacters);
      if (fraction > limit)
        return `repetition: duplicated ${n}-grams cover ${(fraction * 100).toFixed(0)}% of characters`;
    }
    return null;
  },
});
