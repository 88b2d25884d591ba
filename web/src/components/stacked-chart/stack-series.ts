/** One named series of a chart: one value per category (time bucket). */
export interface ChartSeries {
  name: string;
  values: readonly number[];
}

/** Where one series lies in one category of a stacked chart: from `low` to `high`. */
export interface StackSegment {
  low: number;
  high: number;
}

/**
 * Stacks the visible series in order (the first at the bottom): for every series, each
 * category's segment [low, high]; and the highest total, which the value axis must cover.
 * Negative values are drawn as nothing (usage, tokens and spend are never negative).
 */
export function stackSeries(
  series: readonly ChartSeries[],
  categoryCount: number,
): { segments: StackSegment[][]; highest: number } {
  const totals = new Array<number>(categoryCount).fill(0);
  const segments = series.map((one) =>
    totals.map((low, index) => {
      const value = Math.max(0, one.values[index] ?? 0);
      const high = low + value;
      totals[index] = high;
      return { low, high };
    }),
  );
  return { segments, highest: Math.max(0, ...totals) };
}

/** The index of the category under a horizontal position (pixels from the plot's left edge). */
export function categoryAt(x: number, plotWidth: number, categoryCount: number): number {
  if (categoryCount <= 0 || plotWidth <= 0) return 0;
  const index = Math.floor((x / plotWidth) * categoryCount);
  return Math.min(categoryCount - 1, Math.max(0, index));
}
