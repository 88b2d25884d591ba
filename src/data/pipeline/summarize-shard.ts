import { z } from 'zod';
import { defineShard } from '../../jobs/job-definition.ts';
import { SummaryWriter } from './summary-writer.ts';
import { readRecordLines } from './record-range.ts';

const summarizeShardPayloadSchema = z.object({
  input: z.string().min(1),
  start: z.number().int().min(0),
  end: z.number().int().min(0),
  name: z.string().min(1),
  params: z.record(z.string(), z.unknown()),
  /** Binary summaries (fixed bytes per record) go here; ids to `<output>.ids.json`. */
  output: z.string().min(1),
});
export type SummarizeShardPayload = z.infer<typeof summarizeShardPayloadSchema>;

export interface SummarizeShardResult {
  records: number;
  bytesPerRecord: number;
}

/** Pass 1 of a dedup step over one range: a fixed-size summary (hash or MinHash signature) per record. */
export async function runSummarizeShard(
  payload: SummarizeShardPayload,
  reportItems: (itemsDone: number) => Promise<void>,
): Promise<SummarizeShardResult> {
  const summaries = new SummaryWriter(payload.name, payload.params);
  for await (const batch of readRecordLines(payload.input, payload.start, payload.end)) {
    for (let index = 0; index < batch.count; index++) {
      summaries.add(batch.record(index));
      if ((summaries.count & 255) === 0) {
        // Let the event loop breathe (HTTP requests of an in-process server, BullMQ lock renewals).
        await new Promise((resolve) => setImmediate(resolve));
        await reportItems(summaries.count);
      }
    }
  }
  await reportItems(summaries.count);
  summaries.save(payload.output);
  return { records: summaries.count, bytesPerRecord: summaries.bytesPerRecord };
}

/** Pass 1 of a dedup step over one range of records (any worker runs it). */
export const summarizeShard = defineShard({
  type: 'data.summarize-shard',
  version: 1,
  schema: summarizeShardPayloadSchema,
  handler: (payload, context) => runSummarizeShard(payload, context.reportItems),
});
