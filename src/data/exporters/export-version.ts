import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readRecords, RecordWriter } from '../storage/record-files.ts';
import { ClusterSplitter } from './cluster-split.ts';
import { exporters, type ExportFormat } from './index.ts';
import { ColumnPresence, fillMissingColumns } from './uniform-columns.ts';

export interface ExportOptions {
  input: string;
  directory: string;
  format: ExportFormat;
  /** Share of near-duplicate clusters that go to validation.jsonl (0: no validation file). */
  validationRatio: number;
  seed?: number;
  /**
   * Progress: records read so far over all passes (two with a validation split: clustering, then
   * writing), and what the pass does. Called every few hundred records; may throw to stop the export.
   */
  onRecords?: (recordsRead: number, stage: string) => Promise<void>;
}

export interface ExportResult {
  directory: string;
  files: string[];
  train: number;
  validation: number;
  rejected: number;
  /** The most common rejection reasons with counts. */
  rejections: Record<string, number>;
}

class LineWriter extends RecordWriter {}

/**
 * Converts a version to a trainer format: validates every record as the trainer would,
 * writes train.jsonl / validation.jsonl (near-duplicate clusters on one side) and rejected.jsonl
 * with reasons; LLaMA-Factory's formats also get a dataset_info.json naming only the columns the
 * lines have, and every line of a file has the same columns.
 */
export async function exportVersion(options: ExportOptions): Promise<ExportResult> {
  mkdirSync(options.directory, { recursive: true });
  const exporter = exporters[options.format];
  let recordsRead = 0;
  const report = async (stage: string, force = false) => {
    if (options.onRecords && (force || (++recordsRead & 255) === 0)) await options.onRecords(recordsRead, stage);
  };
  let validationFlags: boolean[] | null = null;
  if (options.validationRatio > 0) {
    const stage = 'splitting: clustering near-duplicates';
    const splitter = new ClusterSplitter({ validationRatio: options.validationRatio, seed: options.seed });
    for await (const record of readRecords(options.input)) {
      splitter.add(record);
      await report(stage);
    }
    validationFlags = splitter.assign();
  }
  const writing = `writing ${options.format}`;
  const train = new LineWriter(path.join(options.directory, 'train.jsonl'));
  const validation = validationFlags ? new LineWriter(path.join(options.directory, 'validation.jsonl')) : null;
  const rejected = new LineWriter(path.join(options.directory, 'rejected.jsonl'));
  const rejections: Record<string, number> = {};
  const trainPresence = new ColumnPresence(exporter.optionalColumns ?? {});
  const validationPresence = new ColumnPresence(exporter.optionalColumns ?? {});
  let position = 0;
  for await (const record of readRecords(options.input)) {
    await report(writing);
    const outcome = exporter.convert(record);
    const toValidation = validationFlags?.[position] ?? false;
    position++;
    if ('error' in outcome) {
      rejections[outcome.error] = (rejections[outcome.error] ?? 0) + 1;
      await rejected.write({ id: record.id, meta: { reason: outcome.error } });
      continue;
    }
    const toValidationFile = toValidation && validation !== null;
    (toValidationFile ? validationPresence : trainPresence).observe(outcome.line);
    await (toValidationFile ? validation : train).write(outcome.line as never);
  }
  await report(writing, true);
  const trainCount = (await train.close()).records;
  const validationCount = validation ? (await validation.close()).records : 0;
  const rejectedCount = (await rejected.close()).records;
  const files = ['train.jsonl', ...(validation ? ['validation.jsonl'] : []), 'rejected.jsonl'];
  const splits = [
    { name: 'train', presence: trainPresence },
    ...(validation ? [{ name: 'validation', presence: validationPresence }] : []),
  ];
  for (const split of splits) {
    const gaps = split.presence.gaps();
    if (gaps) await fillMissingColumns(path.join(options.directory, `${split.name}.jsonl`), gaps);
  }
  if (exporter.datasetInfo) {
    const info: Record<string, unknown> = {};
    for (const split of splits)
      info[`kaiyuan_${split.name}`] = exporter.datasetInfo(`${split.name}.jsonl`, split.presence.present());
    writeFileSync(path.join(options.directory, 'dataset_info.json'), `${JSON.stringify(info, null, 2)}\n`);
    files.push('dataset_info.json');
  }
  return {
    directory: options.directory,
    files,
    train: trainCount,
    validation: validationCount,
    rejected: rejectedCount,
    rejections,
  };
}
