/**
 * Inter-annotator agreement, as pure functions over labels (nominal categories as strings).
 * Formulas: Cohen (1960), Fleiss (1971), Krippendorff (2011, "Computing Krippendorff's
 * Alpha-Reliability"), span F1 with exact (start, end, label) matching.
 */

/** Cohen's kappa of two annotators over items both labeled: (po − pe) / (1 − pe). */
export function cohensKappa(pairs: ReadonlyArray<readonly [string, string]>): number | null {
  const n = pairs.length;
  if (n === 0) return null;
  const first = new Map<string, number>();
  const second = new Map<string, number>();
  let agreed = 0;
  for (const [a, b] of pairs) {
    if (a === b) agreed++;
    first.set(a, (first.get(a) ?? 0) + 1);
    second.set(b, (second.get(b) ?? 0) + 1);
  }
  const observed = agreed / n;
  let expected = 0;
  for (const [category, count] of first) expected += (count / n) * ((second.get(category) ?? 0) / n);
  // Every label in one category: chance agreement is 1 and kappa is 0/0, undefined (not perfect).
  if (expected === 1) return null;
  return (observed - expected) / (1 - expected);
}

/**
 * Fleiss' kappa from a count matrix: rows are items, columns categories, each cell the number of
 * annotators who chose that category; every row must sum to the same n ≥ 2.
 */
export function fleissKappa(counts: ReadonlyArray<readonly number[]>): number | null {
  if (counts.length === 0) return null;
  const raters = counts[0]!.reduce((sum, value) => sum + value, 0);
  if (raters < 2) return null;
  if (counts.some((row) => row.reduce((sum, value) => sum + value, 0) !== raters))
    throw new Error('Fleiss kappa needs the same number of ratings per item.');
  const items = counts.length;
  const categories = counts[0]!.length;
  const columnTotals = new Array<number>(categories).fill(0);
  let meanAgreement = 0;
  for (const row of counts) {
    let squares = 0;
    for (let column = 0; column < categories; column++) {
      columnTotals[column]! += row[column]!;
      squares += row[column]! * row[column]!;
    }
    meanAgreement += (squares - raters) / (raters * (raters - 1));
  }
  meanAgreement /= items;
  const expected = columnTotals.reduce((sum, total) => sum + (total / (items * raters)) ** 2, 0);
  // One category for every rating: 0/0, undefined (reported as null with the reason).
  if (expected === 1) return null;
  return (meanAgreement - expected) / (1 - expected);
}

/** Fleiss' count matrix from each item's labels (items with another number of labels than `raters` are left out). */
export function fleissCounts(
  items: ReadonlyArray<readonly string[]>,
  raters: number,
): { categories: string[]; counts: number[][] } {
  const usable = items.filter((labels) => labels.length === raters);
  const categories = [...new Set(usable.flat())].sort();
  const index = new Map(categories.map((category, position) => [category, position]));
  const counts = usable.map((labels) => {
    const row = new Array<number>(categories.length).fill(0);
    for (const label of labels) row[index.get(label)!]!++;
    return row;
  });
  return { categories, counts };
}

/**
 * Krippendorff's alpha for nominal data. `units` holds, per item, the values the annotators gave
 * (missing labels are simply absent); items with fewer than two values do not count.
 */
export function krippendorffAlphaNominal(
  units: ReadonlyArray<ReadonlyArray<string | null | undefined>>,
): number | null {
  const coincidences = new Map<string, Map<string, number>>();
  for (const raw of units) {
    const values = raw.filter((value): value is string => value !== null && value !== undefined);
    const m = values.length;
    if (m < 2) continue;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < m; j++) {
        if (i === j) continue;
        const row = coincidences.get(values[i]!) ?? new Map<string, number>();
        row.set(values[j]!, (row.get(values[j]!) ?? 0) + 1 / (m - 1));
        coincidences.set(values[i]!, row);
      }
    }
  }
  const totals = new Map<string, number>();
  let n = 0;
  let disagreement = 0;
  for (const [category, row] of coincidences) {
    for (const [other, value] of row) {
      totals.set(category, (totals.get(category) ?? 0) + value);
      n += value;
      if (other !== category) disagreement += value;
    }
  }
  if (n <= 1) return null;
  let expected = 0;
  for (const [category, total] of totals)
    for (const [other, otherTotal] of totals) if (other !== category) expected += total * otherTotal;
  // A single value throughout: alpha is 0/0, undefined.
  if (expected === 0) return null;
  return 1 - ((n - 1) * disagreement) / expected;
}

export interface SpanKey {
  start: number;
  end: number;
  label: string;
}

export interface SpanMatch {
  matched: number;
  /** Spans of both sides together (F1 = 2·matched / total). */
  total: number;
}

/** Exact matches between two annotators' spans of one item. */
export function matchSpans(left: readonly SpanKey[], right: readonly SpanKey[], label?: string): SpanMatch {
  const keep = (span: SpanKey) => label === undefined || span.label === label;
  const keys = new Set(right.filter(keep).map((span) => `${span.start}:${span.end}:${span.label}`));
  const leftKept = left.filter(keep);
  let matched = 0;
  for (const span of leftKept) if (keys.delete(`${span.start}:${span.end}:${span.label}`)) matched++;
  return { matched, total: leftKept.length + right.filter(keep).length };
}

/** Micro-averaged F1 over matches (null when neither side marked anything). */
export function spanF1(matches: readonly SpanMatch[]): number | null {
  const matched = matches.reduce((sum, match) => sum + match.matched, 0);
  const total = matches.reduce((sum, match) => sum + match.total, 0);
  return total === 0 ? null : (2 * matched) / total;
}

/**
 * Krippendorff's alpha for interval data (δ² = (c − k)²), e.g. ratings: near misses count as
 * partial agreement. Same unit handling as the nominal version.
 */
export function krippendorffAlphaInterval(
  units: ReadonlyArray<ReadonlyArray<number | null | undefined>>,
): number | null {
  const pairable = units
    .map((unit) => unit.filter((value): value is number => value !== null && value !== undefined))
    .filter((values) => values.length >= 2);
  const n = pairable.reduce((sum, values) => sum + values.length, 0);
  if (n <= 1) return null;
  let observed = 0;
  for (const values of pairable) {
    let unitSum = 0;
    for (let i = 0; i < values.length; i++)
      for (let j = 0; j < values.length; j++) if (i !== j) unitSum += (values[i]! - values[j]!) ** 2;
    observed += unitSum / (values.length - 1);
  }
  const all = pairable.flat();
  let expected = 0;
  for (let i = 0; i < all.length; i++)
    for (let j = 0; j < all.length; j++) if (i !== j) expected += (all[i]! - all[j]!) ** 2;
  if (expected === 0) return observed === 0 ? 1 : null;
  return 1 - ((n - 1) * observed) / expected;
}
