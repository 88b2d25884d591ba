import type { z } from 'zod';
import { recordText, type DataRecord } from '../data-record.ts';
import { defineOperator, type MapOutcome, type OperatorDefinition } from './operator-types.ts';

/**
 * What a filter's rule decides for one record: null keeps it, a string drops it with that reason
 * (shown in the version's samples), a rewrite keeps a changed record (C4 removes lines, the
 * language filter labels).
 */
export type FilterVerdict = string | null | { record: DataRecord; reason: string };

export interface FilterDefinition<Schema extends z.ZodType, Prepared> {
  name: string;
  /** One line for the docs and the console. */
  description: string;
  /** The parameters, with their defaults (a recipe names the filter bare for all defaults). */
  schema: Schema;
  /** Once per run, from the parameters: word lists, sets, counters the rule uses. */
  prepare?(params: z.infer<Schema>): Prepared;
  /**
   * The filter itself: measures the text and decides. Cheap measurements first, so that a record
   * that fails early costs little.
   */
  rule(text: string, params: z.infer<Schema>, prepared: Prepared, record: DataRecord): FilterVerdict;
  /**
   * The text the rule sees: all text of the record (default: text, messages, prompt/answers) or
   * only its `text` field (a record without one is kept).
   */
  input?: 'all-text' | 'text-field';
  /** Extra counters for the statistics (e.g. records per detected language). */
  details?(prepared: Prepared): Record<string, number>;
}

const keep: MapOutcome = Object.freeze({ kind: 'keep' });

/**
 * A record-wise filter from its rule alone (like data-juicer's Filter base: stats, then keep or
 * drop): the operator shape, the text to look at and the outcomes are written once, here.
 */
export function defineFilter<Schema extends z.ZodType, Prepared = undefined>(
  definition: FilterDefinition<Schema, Prepared>,
): OperatorDefinition {
  const textOf = definition.input === 'text-field' ? (record: DataRecord) => record.text : recordText;
  return defineOperator({
    name: definition.name,
    description: definition.description,
    schema: definition.schema,
    create(params) {
      const prepared = definition.prepare?.(params) as Prepared;
      const details = definition.details;
      return {
        kind: 'map',
        apply(record): MapOutcome {
          const text = textOf(record);
          if (text === undefined) return keep;
          const verdict = definition.rule(text, params, prepared, record);
          if (verdict === null) return keep;
          if (typeof verdict === 'string') return { kind: 'drop', reason: verdict };
          return { kind: 'modify', record: verdict.record, reason: verdict.reason };
        },
        ...(details ? { details: () => details(prepared) } : {}),
      };
    },
  });
}
