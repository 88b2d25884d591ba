import { statSync } from 'node:fs';
import type { JobContext } from '../../jobs/job-types.ts';
import { invalidRequest } from '../../util/errors.ts';
import { mapRawItem, type FieldMapping } from '../readers/field-mapping.ts';
import { openReader, type ImportFormat, type ReaderOptions } from '../readers/index.ts';
import type { DetectedEncoding } from '../readers/text-decoding.ts';
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
  /** How the file was decoded (text formats). */
  encoding?: DetectedEncoding;
}

/**
 * Streams a file through its reader and the field mapping into a version file. The import's
 * statistics account for every input item: `in` = `out` + `dropped`; `details` counts each reason
 * by its code, `modified` the items kept with a change (extra CSV columns); samples name the line.
 * A file without any importable record fails (`empty_import`) instead of making an empty version.
 */
export async function importFile(
  options: ImportFileOptions,
  context: Pick<JobContext, 'progress'>,
): Promise<ImportFileResult> {
  const reader = openReader(options.file, options.format, options.readerOptions);
  const { items, problems } = reader;
  const writer = new RecordWriter(options.output);
  const fileBytes = statSync(options.file).size;
  const sampleLimit = options.sampleLimit ?? 20;
  const samples: OperatorSample[] = [];
  const details: Record<string, number> = {};
  let seen = 0;
  let rejected = 0;
  let textBytes = 0;
  for await (const raw of items) {
    seen++;
    const outcome = mapRawItem(raw, options.mapping, seen, options.idPrefix);
    if ('error' in outcome) {
      rejected++;
      details[outcome.code] = (details[outcome.code] ?? 0) + 1;
      if (samples.length < sampleLimit)
        samples.push({
          step: -1,
          operator: 'import',
          action: 'dropped',
          recordId: reader.location?.() ?? `#${seen}`,
          reason: `${outcome.code}: ${outcome.error}`,
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
  let unreadable = 0;
  let modified = 0;
  for (const problem of problems) {
    details[problem.code] = (details[problem.code] ?? 0) + 1;
    if (problem.dropped) unreadable++;
    else modified++;
    if (samples.length < sampleLimit)
      samples.push({
        step: -1,
        operator: 'import',
        action: problem.dropped ? 'dropped' : 'modified',
        recordId: problem.location,
        reason: `${problem.code}: ${problem.message}`,
        before: '',
      });
  }
  const written = await writer.close();
  if (written.records === 0) {
    const reasons = Object.entries(details).map(([code, count]) => `${count} ${code}`);
    throw invalidRequest(
      reasons.length === 0
        ? 'The file has no records (it is empty); nothing was imported.'
        : `No record could be imported: ${reasons.join(', ')}${samples[0] ? ` (first at ${samples[0].recordId}: ${samples[0].reason})` : ''}.`,
      'file',
      'empty_import',
    );
  }
  const statistics: OperatorStatistics = {
    step: -1,
    operator: 'import',
    in: seen + unreadable,
    out: written.records,
    dropped: rejected + unreadable,
    modified,
    added: 0,
    details,
  };
  await context.progress({ itemsDone: seen, itemsTotal: seen, stage: 'import' });
  const encoding = reader.encoding?.();
  return {
    records: written.records,
    textBytes: written.textBytes,
    statistics: [statistics],
    samples,
    ...(encoding ? { encoding } : {}),
  };
}
