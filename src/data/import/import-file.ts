import { statSync } from 'node:fs';
import type { JobContext } from '../../jobs/job-types.ts';
import { mapRawItem, type FieldMapping } from '../readers/field-mapping.ts';
import { openReader, type ImportFormat, type ReaderOptions } from '../readers/index.ts';
import { RecordWriter } from '../storage/record-files.ts';
import type { OperatorSample, OperatorStatistics } from '../pipeline/statistics.ts';

export interface ImportFileOptions {
  file: string;
  format: ImportFormat;
  mapping: FieldMapping;
  readerOptions: ReaderOptions;
  output: string;
  /** Prefix of generated record ids (when the data has none). */
  idPrefix: string;
  sampleLimit?: number;
}

export interface ImportFileResult {
  records: number;
  textBytes: number;
  statistics: OperatorStatistics[];
  samples: OperatorSample[];
}

/** Streams a file through its reader and the field mapping into a version file. */
export async function importFile(
  options: ImportFileOptions,
  context: Pick<JobContext, 'progress'>,
): Promise<ImportFileResult> {
  const { items, problems } = openReader(options.file, options.format, options.readerOptions);
  const writer = new RecordWriter(options.output);
  const fileBytes = statSync(options.file).size;
  const sampleLimit = options.sampleLimit ?? 20;
  const samples: OperatorSample[] = [];
  let seen = 0;
  let rejected = 0;
  let textBytes = 0;
  for await (const raw of items) {
    seen++;
    const outcome = mapRawItem(raw, options.mapping, seen, options.idPrefix);
    if ('error' in outcome) {
      rejected++;
      if (samples.length < sampleLimit)
        samples.push({
          step: -1,
          operator: 'import',
          action: 'dropped',
          recordId: `#${seen}`,
          reason: outcome.error,
          before: JSON.stringify(raw).slice(0, 400),
        });
      continue;
    }
    await writer.write(outcome.record);
    textBytes += outcome.record.text?.length ?? 0;
    if ((seen & 1023) === 0) {
      // Records are unknown up front: estimate the total from the bytes read so far.
      const estimate =
        textBytes > 0 && fileBytes > 0 ? Math.max(seen, Math.round((seen * fileBytes) / (textBytes * 1.15))) : null;
      await context.progress({ itemsDone: seen, itemsTotal: estimate, stage: 'import' });
    }
  }
  for (const problem of problems) {
    if (samples.length < sampleLimit)
      samples.push({
        step: -1,
        operator: 'import',
        action: 'dropped',
        recordId: problem.location,
        reason: problem.message,
        before: '',
      });
  }
  const written = await writer.close();
  const statistics: OperatorStatistics = {
    step: -1,
    operator: 'import',
    in: seen + problems.length,
    out: written.records,
    dropped: rejected + problems.length,
    modified: 0,
    added: 0,
    details: { unreadable: problems.length, unmapped: rejected },
  };
  await context.progress({ itemsDone: seen, itemsTotal: seen, stage: 'import' });
  return { records: written.records, textBytes: written.textBytes, statistics: [statistics], samples };
}
