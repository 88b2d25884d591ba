/** The value axis of a chart: from 0 to `max`, with a tick every `step`. */
export interface ValueScale {
  max: number;
  step: number;
  ticks: number[];
}

/** 1, 2, 2.5 or 5 times a power of ten: the step sizes people read at a glance. */
function niceStep(rough: number): number {
  const power = 10 ** Math.floor(Math.log10(rough));
  const fraction = rough / power;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10;
  return nice * power;
}

/**
 * A value axis from 0 covering `highest` with about `tickCount` intervals of a round size. With
 * `integers` (counts of requests or tokens) the step is a whole number, so no tick reads "0.5
 * requests". An empty chart (highest 0) gets the axis 0 … 1.
 */
export function valueScale(highest: number, options: { tickCount?: number; integers?: boolean } = {}): ValueScale {
  const tickCount = options.tickCount ?? 5;
  const top = Number.isFinite(highest) && highest > 0 ? highest : 1;
  let step = niceStep(top / tickCount);
  if (options.integers) step = Math.max(1, Math.round(step));
  const intervals = Math.max(1, Math.ceil(top / step - 1e-9));
  // Decimal steps (0.1, 0.25 …) are rounded to the step's own precision so labels read "0.3", not "0.30000000000000004".
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 2);
  const ticks = Array.from({ length: intervals + 1 }, (_, index) => Number((index * step).toFixed(decimals)));
  return { max: ticks[ticks.length - 1]!, step, ticks };
}

/**
 * Which category labels fit under the axis without overlapping: every `step`-th one, starting
 * with the first. `labelWidth` and `bandWidth` are in pixels.
 */
export function labelStep(count: number, bandWidth: number, labelWidth: number): number {
  if (count <= 1 || bandWidth <= 0) return 1;
  return Math.max(1, Math.ceil(labelWidth / bandWidth));
}
