/** The median of some figures (the mean of the two middle ones for an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The keys of a window's figures that are numbers. */
type NumericKeys<Window> = { [Key in keyof Window]-?: Window[Key] extends number ? Key : never }[keyof Window];

/**
 * One cell from its interleaved windows: the median of each named figure, errors and requests
 * summed over the windows.
 */
export function medianOfWindows<
  Window extends { errors: number; requests: number },
  Figure extends NumericKeys<Window>,
>(windows: Window[], figures: readonly Figure[]): Pick<Window, Figure | 'errors' | 'requests'> {
  const cell: Record<string, number> = {
    errors: windows.reduce((sum, window) => sum + window.errors, 0),
    requests: windows.reduce((sum, window) => sum + window.requests, 0),
  };
  for (const figure of figures) cell[figure as string] = median(windows.map((window) => window[figure] as number));
  return cell as Pick<Window, Figure | 'errors' | 'requests'>;
}

/**
 * The median of each round's ratio of two targets measured in the same interleaved rounds
 * (`numerators[round] / denominators[round]`). The machine's speed drifts in phases of tens of
 * seconds (`bench/gateway/cpu-trend.ts`); a round's two windows share more of a phase than two
 * medians taken over all rounds do.
 */
export function medianOfRoundRatios(numerators: number[], denominators: number[]): number {
  return median(numerators.map((value, round) => value / denominators[round]!));
}
