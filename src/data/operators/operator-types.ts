import type { z } from 'zod';
import type { DataRecord } from '../data-record.ts';

/** What a record-wise operator did to one record. */
export type MapOutcome =
  | { kind: 'keep' }
  | { kind: 'modify'; record: DataRecord; reason: string }
  | { kind: 'drop'; reason: string }
  | { kind: 'split'; records: DataRecord[]; reason: string };

/** Record-wise: sees one record at a time, so it runs on any shard. */
export interface MapOperator {
  kind: 'map';
  apply(record: DataRecord): MapOutcome;
  /** Extra counters for the statistics (e.g. PII found per type). */
  details?(): Record<string, number>;
}

/**
 * Dataset-wise (deduplication): pass 1 summarises every record compactly (a hash, a
 * signature) — shardable; `plan` decides over all summaries; pass 2 applies the plan
 * record by record (by global position), shardable again.
 */
export interface GlobalOperator {
  kind: 'global';
  /** Bytes of summary per record. */
  summarize(record: DataRecord): Uint8Array;
  /** Decides from the summaries (in record order) and the record ids. */
  plan(summaries: Uint8Array, ids: string[], count: number): GlobalPlan;
}

export interface GlobalPlan {
  /** For each record position: the representative's position (itself when kept). */
  representative: Int32Array;
  similarity: Float32Array;
  clusterSize: Int32Array;
  /** Ids of representatives that have duplicates, by position. */
  representativeIds: Record<number, string>;
  /** Extra counters for the statistics. */
  details: Record<string, number>;
  /** meta key written on kept records of clusters larger than one (e.g. near_dup_cluster). */
  clusterKey: string;
  /** Words for the reason of a drop, e.g. "exact duplicate". */
  label: string;
}

export type OperatorInstance = MapOperator | GlobalOperator;

export interface OperatorDefinition<Schema extends z.ZodType = z.ZodType> {
  name: string;
  /** One line for the docs and the console. */
  description: string;
  schema: Schema;
  create(params: z.infer<Schema>): OperatorInstance;
}

export function defineOperator<Schema extends z.ZodType>(definition: OperatorDefinition<Schema>): OperatorDefinition {
  return definition as unknown as OperatorDefinition;
}
