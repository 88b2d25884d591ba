import type { OperatorSample, OperatorStatistics } from '../../api-contract/datasets.ts';
import type { DataRecord } from '../data-record.ts';
import { recordText } from '../data-record.ts';

export type { OperatorSample, OperatorStatistics };

export const SAMPLE_TEXT_LIMIT = 400;

export function sampleText(record: DataRecord): string {
  const text = recordText(record);
  return text.length > SAMPLE_TEXT_LIMIT ? `${text.slice(0, SAMPLE_TEXT_LIMIT)}…` : text;
}

export function emptyStatistics(step: number, operator: string): OperatorStatistics {
  return { step, operator, in: 0, out: 0, dropped: 0, modified: 0, added: 0, details: {} };
}

/** Sums shard statistics (same steps, same order). */
export function mergeStatistics(parts: OperatorStatistics[][]): OperatorStatistics[] {
  const merged: OperatorStatistics[] = [];
  for (const part of parts) {
    part.forEach((statistics, index) => {
      const target = (merged[index] ??= emptyStatistics(statistics.step, statistics.operator));
      target.in += statistics.in;
      target.out += statistics.out;
      target.dropped += statistics.dropped;
      target.modified += statistics.modified;
      target.added += statistics.added;
      for (const [key, value] of Object.entries(statistics.details))
        target.details[key] = (target.details[key] ?? 0) + value;
    });
  }
  return merged;
}

/** Keeps the first `limit` samples per step, in shard order (so any sharding gives the same samples). */
export function mergeSamples(parts: OperatorSample[][], limit: number): OperatorSample[] {
  const perStep = new Map<number, number>();
  const out: OperatorSample[] = [];
  for (const part of parts) {
    for (const sample of part) {
      const count = perStep.get(sample.step) ?? 0;
      if (count >= limit) continue;
      perStep.set(sample.step, count + 1);
      out.push(sample);
    }
  }
  return out;
}
