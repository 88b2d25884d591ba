import { invalidRequest } from '../util/errors.ts';
import type { Span } from './label-schema.ts';

/**
 * Span offsets are Unicode code points, [start, end): what Python's str indexing, doccano and
 * spaCy use, so exported NER files line up with Python tooling. A CJK character is one code
 * point (and one UTF-16 unit); an emoji such as 😀 is one code point but two UTF-16 units.
 * JavaScript clients (the console) work in UTF-16 units and convert with these helpers.
 */

/** UTF-16 offset of each code point boundary: entry i is where code point i starts; the last entry is text.length. */
export function codePointBoundaries(text: string): number[] {
  const boundaries: number[] = [];
  let unit = 0;
  for (const character of text) {
    boundaries.push(unit);
    unit += character.length;
  }
  boundaries.push(unit);
  return boundaries;
}

export function codePointLength(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/** The code point offset of a UTF-16 offset; throws when it falls inside a surrogate pair. */
export function utf16ToCodePoint(text: string, offset: number, boundaries = codePointBoundaries(text)): number {
  let low = 0;
  let high = boundaries.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const value = boundaries[middle]!;
    if (value === offset) return middle;
    if (value < offset) low = middle + 1;
    else high = middle - 1;
  }
  throw invalidRequest(
    `UTF-16 offset ${offset} is not on a character boundary (inside a surrogate pair or past the end).`,
    'label.spans',
    'invalid_span',
  );
}

export function codePointToUtf16(text: string, offset: number, boundaries = codePointBoundaries(text)): number {
  const value = boundaries[offset];
  if (value === undefined)
    throw invalidRequest(`Offset ${offset} is past the end of the text.`, 'label.spans', 'invalid_span');
  return value;
}

/** The text between two code point offsets. */
export function sliceCodePoints(
  text: string,
  start: number,
  end: number,
  boundaries = codePointBoundaries(text),
): string {
  return text.slice(codePointToUtf16(text, start, boundaries), codePointToUtf16(text, end, boundaries));
}

/**
 * Checks spans against the text (in range, non-empty, `text` matching when given), fills in
 * their text and sorts them. `unit: 'utf16'` converts offsets from UTF-16 units first.
 */
export function normalizeSpans(text: string, spans: Span[], unit: 'code_point' | 'utf16' = 'code_point'): Span[] {
  const boundaries = codePointBoundaries(text);
  const length = boundaries.length - 1;
  const result = spans.map((span, index) => {
    const start = unit === 'utf16' ? utf16ToCodePoint(text, span.start, boundaries) : span.start;
    const end = unit === 'utf16' ? utf16ToCodePoint(text, span.end, boundaries) : span.end;
    if (!(start >= 0 && end > start && end <= length)) {
      throw invalidRequest(
        `Span ${index} [${start}, ${end}) is outside the text (${length} characters).`,
        `label.spans.${index}`,
        'invalid_span',
      );
    }
    const covered = text.slice(boundaries[start], boundaries[end]);
    if (span.text !== undefined && span.text !== covered) {
      throw invalidRequest(
        `Span ${index} covers '${covered}', not '${span.text}'.`,
        `label.spans.${index}`,
        'invalid_span',
      );
    }
    if (covered.trim().length === 0)
      throw invalidRequest(
        `Span ${index} [${start}, ${end}) covers only whitespace.`,
        `label.spans.${index}`,
        'whitespace_span',
      );
    return { start, end, label: span.label, text: covered, index };
  });
  result.sort(
    (left, right) => left.start - right.start || left.end - right.end || left.label.localeCompare(right.label),
  );
  // Flat NER (CoNLL BIO, the NER JSONL trainers read): no span may share a character with another.
  for (let position = 1; position < result.length; position++) {
    const previous = result[position - 1]!;
    const current = result[position]!;
    if (current.start === previous.start && current.end === previous.end)
      throw invalidRequest(
        `Spans ${previous.index} and ${current.index} both mark [${current.start}, ${current.end}) '${current.text}'${current.label === previous.label ? ' with the same label' : ` (${previous.label} and ${current.label})`}; keep one.`,
        `label.spans.${current.index}`,
        'duplicate_span',
      );
    if (current.start < previous.end)
      throw invalidRequest(
        `Span ${current.index} '${current.text}' [${current.start}, ${current.end}) ${current.end <= previous.end ? 'is nested in' : 'overlaps'} span ${previous.index} '${previous.text}' [${previous.start}, ${previous.end}); spans must not overlap (CoNLL and NER exports are flat).`,
        `label.spans.${current.index}`,
        'overlapping_spans',
      );
  }
  return result.map(({ index: _index, ...span }) => span);
}

/**
 * Finds entity mentions (as a model names them: text and label) in the text and returns spans
 * with code point offsets; each mention takes the first occurrence not already used. Mentions
 * that do not occur are dropped (models paraphrase).
 */
export function locateMentions(text: string, mentions: Array<{ text: string; label: string }>): Span[] {
  const boundaries = codePointBoundaries(text);
  const used: Array<[number, number]> = [];
  const spans: Span[] = [];
  for (const mention of mentions) {
    if (mention.text.length === 0) continue;
    let from = 0;
    for (;;) {
      const at = text.indexOf(mention.text, from);
      if (at < 0) break;
      const startUnit = at;
      const endUnit = at + mention.text.length;
      from = at + 1;
      if (used.some(([start, end]) => startUnit < end && endUnit > start)) continue;
      const start = boundaries.indexOf(startUnit);
      const end = boundaries.indexOf(endUnit);
      if (start < 0 || end < 0) continue;
      used.push([startUnit, endUnit]);
      spans.push({ start, end, label: mention.label, text: mention.text });
      break;
    }
  }
  return spans.sort((left, right) => left.start - right.start || left.end - right.end);
}
