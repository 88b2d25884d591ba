import type { DataRecord } from '../../src/data/data-record.ts';
import { operatorsByName } from '../../src/data/operators/index.ts';
import type { MapOperator } from '../../src/data/operators/operator-types.ts';
import type { BenchCorpus } from './bench-corpora.ts';
import { timed, type Timing } from './timing.ts';

/** The record-wise filters, each with its default parameters (as a recipe naming it bare). */
export const benchedFilters = [
  'length_filter',
  'special_characters_filter',
  'flagged_words_filter',
  'language_filter',
  'gopher_quality_filter',
  'gopher_repetition_filter',
  'c4_filter',
  'fineweb_filter',
] as const;

export interface FilterTiming {
  filter: string;
  /** The best of the rounds (least disturbed by other work on the machine). */
  timing: Timing;
  dropped: number;
}

/**
 * Applies each filter to every document in this thread, without files or JSON, so the figure is
 * the filter's own cost; the best of `rounds` runs counts (CPU time, robust to a busy machine).
 */
export async function runFilterBench(corpus: BenchCorpus, rounds: number): Promise<FilterTiming[]> {
  const records: DataRecord[] = corpus.texts.map((text, index) => ({ id: `d${index}`, text }));
  const results: FilterTiming[] = [];
  for (const name of benchedFilters) {
    const definition = operatorsByName.get(name)!;
    let best: Timing | null = null;
    let dropped = 0;
    for (let round = 0; round < rounds; round++) {
      const operator = definition.create(definition.schema.parse({})) as MapOperator;
      const run = await timed(() => {
        let drops = 0;
        for (const record of records) if (operator.apply(record).kind === 'drop') drops++;
        return drops;
      });
      dropped = run.value;
      if (!best || run.timing.cpuSeconds < best.cpuSeconds) best = run.timing;
    }
    results.push({ filter: name, timing: best!, dropped });
  }
  return results;
}
