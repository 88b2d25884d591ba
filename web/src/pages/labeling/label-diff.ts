import type { LabelValue, QaPair, Span } from '@kaiyuan/api-contract/label-values.ts';

/** A piece of text in a word-level comparison: kept, added or removed. */
export interface TextSegment {
  type: 'same' | 'added' | 'removed';
  text: string;
}

export interface PairChange {
  index: number;
  status: 'added' | 'removed' | 'changed';
  question: TextSegment[];
  answer: TextSegment[];
  keep: { from: boolean | null; to: boolean | null };
}

/**
 * What changed between two labels, by the label's kind, for the history view: a value that was set
 * or replaced, chips added and removed, spans added, removed or relabeled, text compared word by
 * word, Q&A pairs compared one by one. Never the raw JSON.
 */
export type LabelChange =
  | { type: 'value'; field: 'choice' | 'rating' | 'preferred'; from: string | null; to: string | null }
  | { type: 'choices'; added: string[]; removed: string[]; kept: string[] }
  | { type: 'spans'; added: Span[]; removed: Span[]; relabeled: Array<{ span: Span; from: string }> }
  | { type: 'text'; field: 'answer'; segments: TextSegment[] }
  | { type: 'pairs'; pairs: PairChange[] }
  | { type: 'kind'; from: LabelValue; to: LabelValue };

type Kind = 'choice' | 'choices' | 'spans' | 'rating' | 'preferred' | 'answer' | 'pairs';

export function labelKindOf(value: LabelValue): Kind {
  if ('choice' in value) return 'choice';
  if ('choices' in value) return 'choices';
  if ('spans' in value) return 'spans';
  if ('rating' in value) return 'rating';
  if ('preferred' in value) return 'preferred';
  if ('answer' in value) return 'answer';
  return 'pairs';
}

/** Splits text into words, runs of spaces and single CJK characters (Chinese has no spaces between words). */
export function tokenize(text: string): string[] {
  return (
    text.match(
      /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]|[^\s\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+|\s+/gu,
    ) ?? []
  );
}

/** Longest-common-subsequence tables above this size fall back to "all removed, all added". */
const maxCells = 4_000_000;

/** A word-level diff of two texts (LCS), adjacent pieces of one type merged. */
export function diffText(before: string, after: string): TextSegment[] {
  const left = tokenize(before);
  const right = tokenize(after);
  const segments: TextSegment[] = [];
  const push = (type: TextSegment['type'], text: string) => {
    if (!text) return;
    const last = segments[segments.length - 1];
    if (last?.type === type) last.text += text;
    else segments.push({ type, text });
  };
  // Common prefix and suffix first: most edits are small.
  let start = 0;
  while (start < left.length && start < right.length && left[start] === right[start]) start++;
  let endLeft = left.length;
  let endRight = right.length;
  while (endLeft > start && endRight > start && left[endLeft - 1] === right[endRight - 1]) {
    endLeft--;
    endRight--;
  }
  push('same', left.slice(0, start).join(''));
  const a = left.slice(start, endLeft);
  const b = right.slice(start, endRight);
  if ((a.length + 1) * (b.length + 1) > maxCells) {
    push('removed', a.join(''));
    push('added', b.join(''));
  } else {
    const width = b.length + 1;
    const table = new Uint32Array((a.length + 1) * width);
    for (let i = a.length - 1; i >= 0; i--)
      for (let j = b.length - 1; j >= 0; j--)
        table[i * width + j] =
          a[i] === b[j]
            ? table[(i + 1) * width + j + 1]! + 1
            : Math.max(table[(i + 1) * width + j]!, table[i * width + j + 1]!);
    let i = 0;
    let j = 0;
    while (i < a.length || j < b.length) {
      if (i < a.length && j < b.length && a[i] === b[j]) {
        push('same', a[i]!);
        i++;
        j++;
      } else if (i < a.length && (j === b.length || table[(i + 1) * width + j]! >= table[i * width + j + 1]!)) {
        push('removed', a[i]!); // removals before additions: "late → early" reads as a replacement
        i++;
      } else {
        push('added', b[j]!);
        j++;
      }
    }
  }
  push('same', left.slice(endLeft).join(''));
  return segments;
}

function scalar(value: LabelValue | null): string | null {
  if (!value) return null;
  if ('choice' in value) return value.choice;
  if ('rating' in value) return String(value.rating);
  if ('preferred' in value) return value.preferred;
  return null;
}

const spanKey = (span: Span) => `${span.start}:${span.end}`;

function diffSpans(before: Span[], after: Span[]): LabelChange {
  const old = new Map(before.map((span) => [spanKey(span), span]));
  const current = new Map(after.map((span) => [spanKey(span), span]));
  const added: Span[] = [];
  const relabeled: Array<{ span: Span; from: string }> = [];
  for (const span of after) {
    const earlier = old.get(spanKey(span));
    if (!earlier) added.push(span);
    else if (earlier.label !== span.label) relabeled.push({ span, from: earlier.label });
  }
  const removed = before.filter((span) => !current.has(spanKey(span)));
  return { type: 'spans', added, removed, relabeled };
}

function diffPairs(before: QaPair[], after: QaPair[]): LabelChange {
  const pairs: PairChange[] = [];
  for (let index = 0; index < Math.max(before.length, after.length); index++) {
    const old = before[index];
    const current = after[index];
    if (
      old &&
      current &&
      old.question === current.question &&
      old.answer === current.answer &&
      old.keep === current.keep
    )
      continue;
    pairs.push({
      index,
      status: !old ? 'added' : !current ? 'removed' : 'changed',
      question: diffText(old?.question ?? '', current?.question ?? ''),
      answer: diffText(old?.answer ?? '', current?.answer ?? ''),
      keep: { from: old ? old.keep !== false : null, to: current ? current.keep !== false : null },
    });
  }
  return { type: 'pairs', pairs };
}

/**
 * The changes from `before` to `after` (either may be null: a first label, a label taken back).
 * An empty list means the two are the same.
 */
export function diffLabels(before: LabelValue | null, after: LabelValue | null): LabelChange[] {
  if (!before && !after) return [];
  const kind = labelKindOf((after ?? before)!);
  if (before && after && labelKindOf(before) !== labelKindOf(after)) return [{ type: 'kind', from: before, to: after }];
  switch (kind) {
    case 'choice':
    case 'rating':
    case 'preferred': {
      const from = scalar(before);
      const to = scalar(after);
      return from === to ? [] : [{ type: 'value', field: kind, from, to }];
    }
    case 'choices': {
      const old = before && 'choices' in before ? before.choices : [];
      const current = after && 'choices' in after ? after.choices : [];
      const added = current.filter((choice) => !old.includes(choice));
      const removed = old.filter((choice) => !current.includes(choice));
      const kept = current.filter((choice) => old.includes(choice));
      return added.length + removed.length === 0 ? [] : [{ type: 'choices', added, removed, kept }];
    }
    case 'spans': {
      const change = diffSpans(
        before && 'spans' in before ? before.spans : [],
        after && 'spans' in after ? after.spans : [],
      );
      return change.type === 'spans' && change.added.length + change.removed.length + change.relabeled.length === 0
        ? []
        : [change];
    }
    case 'answer': {
      const old = before && 'answer' in before ? before.answer : '';
      const current = after && 'answer' in after ? after.answer : '';
      return old === current ? [] : [{ type: 'text', field: 'answer', segments: diffText(old, current) }];
    }
    case 'pairs': {
      const change = diffPairs(
        before && 'pairs' in before ? before.pairs : [],
        after && 'pairs' in after ? after.pairs : [],
      );
      return change.type === 'pairs' && change.pairs.length === 0 ? [] : [change];
    }
  }
}

/** A span's piece of text: the server fills `text` in; otherwise it is cut from the task's text by code points. */
export function spanText(span: Span, text: string | undefined): string {
  if (span.text !== undefined) return span.text;
  if (text === undefined) return `${span.start}–${span.end}`;
  return Array.from(text).slice(span.start, span.end).join('');
}

/**
 * The task's text cut at the spans' edges (offsets in Unicode code points, as the API gives them),
 * each piece with the span's label when it is inside one. Overlapping spans (refused by the
 * server, possible in old data) keep the first.
 */
export function spanSegments(text: string, spans: Span[]): Array<{ text: string; label: string | null }> {
  const characters = Array.from(text);
  const sorted = [...spans]
    .filter((span) => span.start < span.end && span.start < characters.length)
    .sort((left, right) => left.start - right.start || right.end - left.end);
  const segments: Array<{ text: string; label: string | null }> = [];
  let position = 0;
  for (const span of sorted) {
    if (span.start < position) continue;
    if (span.start > position) segments.push({ text: characters.slice(position, span.start).join(''), label: null });
    const end = Math.min(span.end, characters.length);
    segments.push({ text: characters.slice(span.start, end).join(''), label: span.label });
    position = end;
  }
  if (position < characters.length) segments.push({ text: characters.slice(position).join(''), label: null });
  return segments;
}
