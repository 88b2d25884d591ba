import { readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { defineJob } from '../../jobs/job-definition.ts';
import type { DatasetRepository } from '../dataset-repository.ts';
import type { DatasetPaths } from '../storage/dataset-paths.ts';
import { exportDatasetBody, type DatasetExportResult } from '../../api-contract/datasets.ts';
import { exportVersion } from './export-version.ts';

/** The files an export can have (the download route accepts only these names). */
export const exportFileNames = ['train.jsonl', 'validation.jsonl', 'rejected.jsonl', 'dataset_info.json'] as const;

export const exportPayloadSchema = exportDatasetBody.extend({
  orgId: z.string().min(1),
  datasetId: z.string().min(1),
  version: z.number().int().positive(),
});
export type ExportJobPayload = z.input<typeof exportPayloadSchema>;

/** What a finished export job stores as its result (the console and the CLI read it). */
export type ExportJobResult = DatasetExportResult;

export interface ExportJobDependencies {
  repository: DatasetRepository;
  paths: DatasetPaths;
  /** Export files older than this are removed when the next export of the dataset starts. */
  exportRetentionMs: number;
}

/**
 * A version → trainer files in the dataset's storage (`exports/<dataset>/<job id>/`), written to
 * a `.partial` directory first so a download never sees half an export. The download route
 * streams them; they stay until the dataset is deleted or the retention passes.
 */
export const exportJob = defineJob({
  type: 'data.export',
  version: 1,
  schema: exportPayloadSchema,
  handler: async (
    payload,
    context,
    { repository, paths, exportRetentionMs }: ExportJobDependencies,
  ): Promise<ExportJobResult> => {
    const source = await repository.getVersion(payload.orgId, payload.datasetId, payload.version);
    if (!source) throw new Error(`Version ${payload.version} of the dataset no longer exists.`);
    removeExpiredExports(paths.exportsOf(payload.datasetId), Date.now() - exportRetentionMs);
    const directory = paths.exportDirectory(payload.datasetId, context.job.id);
    const partial = `${directory}.partial`;
    const passes = payload.validationRatio > 0 ? 2 : 1;
    await context.progress({
      itemsDone: 0,
      itemsTotal: source.recordCount * passes,
      stage: `exporting v${source.version} as ${payload.format}`,
    });
    try {
      const result = await exportVersion({
        input: paths.absolute(source.filePath),
        directory: partial,
        format: payload.format,
        validationRatio: payload.validationRatio,
        seed: payload.seed,
        onRecords: (recordsRead, stage) => context.progress({ itemsDone: recordsRead, stage }),
      });
      renameSync(partial, directory);
      const { directory: _directory, ...counts } = result;
      return {
        datasetId: payload.datasetId,
        version: source.version,
        format: payload.format,
        validationRatio: payload.validationRatio,
        seed: payload.seed,
        ...counts,
      };
    } finally {
      rmSync(partial, { recursive: true, force: true });
    }
  },
});

/** Removes export directories (finished, abandoned or of the old cache layout) last changed before `before`. */
export function removeExpiredExports(exportsDirectory: string, before: number): void {
  let entries: string[];
  try {
    entries = readdirSync(exportsDirectory);
  } catch {
    return;
  }
  for (const entry of entries) {
    const absolute = path.join(exportsDirectory, entry);
    try {
      if (statSync(absolute).mtimeMs < before) rmSync(absolute, { recursive: true, force: true });
    } catch {
      // Removed meanwhile by another worker.
    }
  }
}
