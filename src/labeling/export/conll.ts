import type { Span } from '../label-schema.ts';
import { codePointBoundaries } from '../span-offsets.ts';

export interface Token {
  text: string;
  /** Code point offsets [start, end). */
  start: number;
  end: number;
}

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef]/u;
const WORD = /[\p{L}\p{N}\p{M}_'’-]/u;

/**
 * Tokens for CoNLL: every CJK character (and CJK punctuation) is its own token, as Chinese NER
 * corpora (MSRA, People's Daily, Weibo NER) have it; runs of other letters and digits are words;
 * any other non-space character (punctuation, emoji) is a token of its own. `breaks` (code point
 * offsets) also end a word: a span that starts or ends inside a word ("Beijing" in
 * "Beijing-based") makes its own token, so BIO tags never stretch a span over the whole word.
 */
export function tokenize(text: string, breaks: ReadonlySet<number> = new Set()): Token[] {
  const characters = [...text];
  const tokens: Token[] = [];
  let index = 0;
  while (index < characters.length) {
    const character = characters[index]!;
    if (/\s/u.test(character)) {
      index++;
    } else if (CJK.test(character) || !WORD.test(character)) {
      tokens.push({ text: character, start: index, end: index + 1 });
      index++;
    } else {
      const start = index;
      do index++;
      while (
        index < characters.length &&
        !breaks.has(index) &&
        WORD.test(characters[index]!) &&
        !CJK.test(characters[index]!)
      );
      tokens.push({ text: characters.slice(start, index).join(''), start, end: index });
    }
  }
  return tokens;
}

/** BIO tags of the tokens: B- on the first token starting inside a span, I- on the following ones. */
export function bioTags(tokens: Token[], spans: Span[]): string[] {
  return tokens.map((token, index) => {
    const span = spans.find((candidate) => token.start >= candidate.start && token.start < candidate.end);
    if (!span) return 'O';
    const previous = tokens[index - 1];
    const continues = previous !== undefined && previous.start >= span.start && previous.start < span.end;
    return `${continues ? 'I' : 'B'}-${span.label}`;
  });
}

/** One document in CoNLL form: `token tag` lines, then a blank line. Whitespace inside tokens cannot occur. */
export function conllDocument(text: string, spans: Span[]): string {
  const tokens = tokenize(text, spanBoundaries(spans));
  const tags = bioTags(tokens, spans);
  return `${tokens.map((token, index) => `${token.text} ${tags[index]}`).join('\n')}\n\n`;
}

/** The offsets where a span starts or ends: token boundaries for CoNLL. */
export function spanBoundaries(spans: Span[]): Set<number> {
  const boundaries = new Set<number>();
  for (const span of spans) {
    boundaries.add(span.start);
    boundaries.add(span.end);
  }
  return boundaries;
}

/** Checks nothing was lost: the code point boundaries of the text agree with the tokens (used in tests). */
export function tokensCover(text: string, tokens: Token[]): boolean {
  const boundaries = codePointBoundaries(text);
  return tokens.every((token) => text.slice(boundaries[token.start], boundaries[token.end]) === token.text);
}
