import { createWriteStream, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { exportFormats, type ExportFormat, type LabelingExportFormat } from '../../api-contract/formats.ts';
import { exportVersion } from '../../data/exporters/export-version.ts';
import type { ExportResult } from '../../data/exporters/export-version.ts';
import { RecordWriter } from '../../data/storage/record-files.ts';
import { invalidRequest } from '../../util/errors.ts';
import type { LabelKind } from '../label-schema.ts';
import type { LabelingProject, LabelingTask } from '../labeling-types.ts';
import { taskText } from '../task-content.ts';
import { conllDocument } from './conll.ts';
import { classificationLine, labeledRecords } from './label-records.ts';

export { labelingExportFormats, type LabelingExportFormat } from '../../api-contract/formats.ts';

/** Which formats fit which label kind. */
export const formatsByKind: Record<LabelKind, readonly LabelingExportFormat[]> = {
  response: ['openai', 'alpaca', 'sharegpt'],
  qa_review: ['openai', 'alpaca', 'sharegpt'],
  preference: ['dpo', 'llamafactory-dpo', 'trl-preference'],
  classification: ['classification'],
  rating: ['classification'],
  spans: ['ner-jsonl', 'conll'],
};

export interface LabelingExportOptions {
  format: LabelingExportFormat;
  directory: string;
  validationRatio?: number;
  seed?: number;
  /** Progress: records (or tasks) written so far and what is being done; may throw to stop. */
  onRecords?: (recordsRead: number, stage: string) => Promise<void>;
}

/** A 400 `unsupported_export_format` unless the format fits the project's label kind. */
export function checkExportFormat(project: LabelingProject, format: LabelingExportFormat): void {
  const allowed = formatsByKind[project.labelSchema.kind];
  if (!allowed.includes(format)) {
    throw invalidRequest(
      `A ${project.labelSchema.kind} project exports as ${allowed.join(', ')}, not ${format}.`,
      'format',
      'unsupported_export_format',
    );
  }
}

/**
 * Writes the accepted labels of a project. Chat and preference formats go through the workbench
 * exporters (same validation, train/validation split and LLaMA-Factory dataset_info.json);
 * classification and NER files are written here. Only accepted tasks are exported.
 */
export async function exportLabels(
  project: LabelingProject,
  accepted: LabelingTask[],
  options: LabelingExportOptions,
): Promise<ExportResult> {
  checkExportFormat(project, options.format);
  mkdirSync(options.directory, { recursive: true });
  const stage = `writing ${options.format}`;
  let tasksDone = 0;
  const taskDone = async () => {
    if (options.onRecords && (++tasksDone & 255) === 0) await options.onRecords(tasksDone, stage);
  };
  if (isWorkbenchFormat(options.format)) {
    const input = path.join(options.directory, '.labels.jsonl');
    const writer = new RecordWriter(input);
    for (const task of accepted) {
      for (const record of labeledRecords(project, task)) await writer.write(record);
      await taskDone();
    }
    await writer.close();
    try {
      return await exportVersion({
        input,
        directory: options.directory,
        format: options.format as ExportFormat,
        validationRatio: options.validationRatio ?? 0,
        seed: options.seed,
        onRecords: options.onRecords,
      });
    } finally {
      rmSync(input, { force: true });
    }
  }
  const file = options.format === 'conll' ? 'train.conll' : 'train.jsonl';
  const output = createWriteStream(path.join(options.directory, file));
  let written = 0;
  let rejected = 0;
  for (const task of accepted) {
    await taskDone();
    const label = task.finalLabel;
    let chunk: string | null = null;
    if (label && options.format === 'classification') {
      const line = classificationLine(task, label);
      chunk = line ? `${JSON.stringify(line)}\n` : null;
    } else if (label && 'spans' in label) {
      chunk =
        options.format === 'conll'
          ? conllDocument(taskText(task.record), label.spans)
          : `${JSON.stringify({ id: task.recordId, text: taskText(task.record), entities: label.spans.map(({ start, end, label: name, text }) => ({ start, end, label: name, text })), offsets: 'code_point' })}\n`;
    }
    if (chunk === null) {
      rejected++;
      continue;
    }
    if (!output.write(chunk)) await once(output, 'drain');
    written++;
  }
  output.end();
  await once(output, 'finish');
  const files = [file];
  if (options.format === 'classification' || options.format === 'ner-jsonl') {
    const labels = 'labels' in project.labelSchema ? project.labelSchema.labels : undefined;
    writeFileSync(
      path.join(options.directory, 'labels.json'),
      `${JSON.stringify({ kind: project.labelSchema.kind, labels, offsets: options.format === 'ner-jsonl' ? 'code_point' : undefined }, null, 2)}\n`,
    );
    files.push('labels.json');
  }
  return {
    directory: options.directory,
    files,
    train: written,
    validation: 0,
    rejected,
    rejections: rejected > 0 ? { 'label does not fit the format': rejected } : {},
  };
}

function isWorkbenchFormat(format: LabelingExportFormat): format is LabelingExportFormat & ExportFormat {
  return (exportFormats as readonly string[]).includes(format);
}
