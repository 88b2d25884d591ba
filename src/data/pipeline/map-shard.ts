import { z } from 'zod';
import { defineShard, payloadUpgrade } from '../../jobs/job-definition.ts';
import { withMeta, type DataRecord } from '../data-record.ts';
import { operatorsByName } from '../operators/index.ts';
import type { GlobalPlan, MapOperator, MapOutcome } from '../operators/operator-types.ts';
import { RecordWriter } from '../storage/record-files.ts';
import { readPlanFile } from './global-plan-file.ts';
import { SummaryWriter } from './summary-writer.ts';
import { readRecordLines, type RecordLines } from './record-range.ts';
import { emptyStatistics, sampleText, type OperatorSample, type OperatorStatistics } from './statistics.ts';

const mapStepSchema = z.object({
  /** Position of the step in the recipe. */
  step: z.number().int().min(0),
  name: z.string().min(1),
  params: z.record(z.string(), z.unknown()),
  /** Set for the second pass of a dedup step: apply this plan by record position. */
  planFile: z.string().min(1).optional(),
});
export type MapStep = z.infer<typeof mapStepSchema>;

const summarizeSchema = z.object({
  name: z.string().min(1),
  params: z.record(z.string(), z.unknown()),
  output: z.string().min(1),
});

/** Version 1: one dedup step summarized per pass. */
const mapShardPayloadSchemaV1 = z.object({
  input: z.string().min(1),
  start: z.number().int().min(0),
  end: z.number().int().min(0),
  output: z.string().min(1),
  steps: z.array(mapStepSchema).min(1),
  sampleLimit: z.number().int().min(0),
  summarize: summarizeSchema.optional(),
});

const mapShardPayloadSchema = mapShardPayloadSchemaV1.extend({
  /**
   * Also write pass-1 summaries of the records this shard outputs, for the next dedup steps (a run
   * of dedup steps is summarized in one pass; each plans over the survivors of the one before).
   */
  summarize: z.array(summarizeSchema).optional(),
});
export type MapShardPayload = z.infer<typeof mapShardPayloadSchema>;

export interface MapShardResult {
  records: number;
  textBytes: number;
  statistics: OperatorStatistics[];
  samples: OperatorSample[];
}

/** Applies a dedup plan: representatives stay (with their cluster id when the cluster has duplicates), the rest go. */
function planOperator(plan: GlobalPlan, positionOf: () => number): MapOperator {
  return {
    kind: 'map',
    apply(record): MapOutcome {
      const position = positionOf();
      const representative = plan.representative[position]!;
      if (representative !== position) {
        const similarity = plan.similarity[position]!;
        const of = plan.representativeIds[representative] ?? `#${representative}`;
        const score = similarity > 0 && similarity < 1 ? ` (estimated Jaccard ${similarity.toFixed(2)})` : '';
        return { kind: 'drop', reason: `${plan.label} of record ${of}${score}; cluster ${of}` };
      }
      const size = plan.clusterSize[position]!;
      if (size <= 1) return { kind: 'keep' };
      return {
        kind: 'modify',
        record: withMeta(record, { [plan.clusterKey]: record.id, [`${plan.clusterKey}_size`]: size }),
        reason: `representative of a cluster of ${size}`,
      };
    },
    // The plan's own counters are dataset-wide: the coordinator reports them once, not per shard.
  };
}

/** Runs the record-wise steps of one stage over one range of records and writes the survivors. */
export async function runMapShard(
  payload: MapShardPayload,
  reportItems: (itemsDone: number) => Promise<void>,
): Promise<MapShardResult> {
  let currentPosition = 0;
  const operators: MapOperator[] = payload.steps.map((step) => {
    if (step.planFile) return planOperator(readPlanFile(step.planFile), () => currentPosition);
    const instance = operatorsByName.get(step.name)!.create(step.params);
    if (instance.kind !== 'map') throw new Error(`Step ${step.step} (${step.name}) is not record-wise.`);
    return instance;
  });
  const statistics = payload.steps.map((step) => emptyStatistics(step.step, step.name));
  const samples: OperatorSample[] = [];
  const sampleCounts = payload.steps.map(() => 0);
  const writer = new RecordWriter(payload.output);
  const summaries = (payload.summarize ?? []).map((summary) => new SummaryWriter(summary.name, summary.params));
  // Callers check `wants` first: no sample text is cut (nor object made) once a step has its samples.
  const wants = (index: number) => sampleCounts[index]! < payload.sampleLimit;
  const sample = (index: number, entry: Omit<OperatorSample, 'step' | 'operator'>) => {
    sampleCounts[index]!++;
    samples.push({ step: payload.steps[index]!.step, operator: payload.steps[index]!.name, ...entry });
  };
  /**
   * `lines`/`lineIndex`: where the JSON line `record` was read from (its bytes are written as they
   * are when no step changed the record; version files are written by JSON.stringify, and
   * JSON.stringify(JSON.parse(line)) gives the line back).
   */
  const process = (record: DataRecord, from: number, lines: RecordLines | null, lineIndex: number): void => {
    let current = record;
    for (let index = from; index < operators.length; index++) {
      const stats = statistics[index]!;
      stats.in++;
      const outcome = operators[index]!.apply(current);
      if (outcome.kind === 'drop') {
        stats.dropped++;
        if (wants(index))
          sample(index, {
            action: 'dropped',
            recordId: current.id,
            reason: outcome.reason,
            before: sampleText(current),
          });
        return;
      }
      if (outcome.kind === 'split') {
        stats.modified++;
        stats.added += outcome.records.length - 1;
        stats.out += outcome.records.length;
        if (wants(index))
          sample(index, {
            action: 'split',
            recordId: current.id,
            reason: outcome.reason,
            before: sampleText(current),
            after: sampleText(outcome.records[0]!),
          });
        for (const part of outcome.records) process(part, index + 1, null, -1);
        return;
      }
      stats.out++;
      if (outcome.kind === 'modify') {
        stats.modified++;
        // A change of metadata only (e.g. a hash noted by a dedup step) is counted but not shown as
        // a sample: its text before and after would read the same.
        if (wants(index)) {
          const before = sampleText(current);
          const after = sampleText(outcome.record);
          if (before !== after)
            sample(index, { action: 'modified', recordId: current.id, reason: outcome.reason, before, after });
        }
        current = outcome.record;
      }
    }
    // Operators return a new object for any change (never mutate the one they get).
    if (current === record && lines)
      writer.addBytes(lines.bytes, lines.lineStart(lineIndex), lines.lineEnd(lineIndex), current);
    else writer.add(current);
    for (const summary of summaries) summary.add(current);
  };
  let processed = 0;
  for await (const batch of readRecordLines(payload.input, payload.start, payload.end)) {
    for (let index = 0; index < batch.count; index++) {
      currentPosition = batch.first + index;
      process(batch.record(index), 0, batch, index);
      processed++;
      if ((processed & 255) === 0) {
        if (writer.full) await writer.flush();
        // Let the event loop breathe (HTTP requests of an in-process server, BullMQ lock renewals).
        await new Promise((resolve) => setImmediate(resolve));
        await reportItems(processed);
      }
    }
    if (writer.full) await writer.flush();
  }
  await reportItems(processed);
  const written = await writer.close();
  summaries.forEach((summary, index) => summary.save(payload.summarize![index]!.output));
  operators.forEach((operator, index) => {
    if (operator.details) statistics[index]!.details = operator.details();
  });
  return { records: written.records, textBytes: written.textBytes, statistics, samples };
}

/** One range of records through the record-wise steps of a stage (any worker runs it). */
export const mapShard = defineShard({
  type: 'data.map-shard',
  version: 2,
  schema: mapShardPayloadSchema,
  upgrades: [
    payloadUpgrade(1, mapShardPayloadSchemaV1, ({ summarize, ...rest }) => ({
      ...rest,
      ...(summarize ? { summarize: [summarize] } : {}),
    })),
  ],
  handler: (payload, context) => runMapShard(payload, context.reportItems),
});
