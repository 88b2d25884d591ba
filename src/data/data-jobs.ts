import { renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { JobContext, JobRunner } from '../jobs/job-types.ts';
import type { DatasetRepository } from './dataset-repository.ts';
import { importFile } from './import/import-file.ts';
import { runMapShard, type MapShardPayload } from './pipeline/map-shard.ts';
import { MAP_SHARD, runRecipe, SUMMARIZE_SHARD } from './pipeline/run-recipe.ts';
import { runSummarizeShard, type SummarizeShardPayload } from './pipeline/summarize-shard.ts';
import type { FieldMapping } from './readers/field-mapping.ts';
import type { ImportFormat, ReaderOptions } from './readers/index.ts';
import { parseRecipe } from './recipes/recipe.ts';
import type { DatasetPaths } from './storage/dataset-paths.ts';

export const IMPORT_JOB = 'data.import';
export const RECIPE_JOB = 'data.recipe';

export interface ImportJobPayload {
  orgId: string;
  datasetId: string;
  file: string;
  sourceName: string;
  format: ImportFormat;
  mapping: FieldMapping;
  readerOptions: ReaderOptions;
  /** Delete the file when done (uploads). */
  removeFile: boolean;
}

export interface RecipeJobPayload {
  orgId: string;
  datasetId: string;
  fromVersion: number;
  recipe: string;
}

export interface DataJobSettings {
  repository: DatasetRepository;
  paths: DatasetPaths;
  gzip: boolean;
  /** Records per shard of a recipe run (BullMQ spreads shards over workers). */
  shardSize: number | undefined;
}

/** Registers the workbench's job and shard handlers on a runner (server and `kaiyuan worker` alike). */
export function registerDataJobs(jobs: JobRunner, settings: DataJobSettings): void {
  const { repository, paths } = settings;

  const publish = async (context: JobContext, orgId: string, datasetId: string, workFile: string, version: Omit<Parameters<DatasetRepository['insertVersion']>[1], 'version' | 'filePath' | 'datasetId' | 'jobId'>) => {
    const number = await repository.reserveVersion(datasetId);
    const filePath = paths.versionFile(datasetId, number, settings.gzip);
    const target = paths.absolute(filePath);
    renameSync(workFile, target);
    return repository.insertVersion(orgId, { ...version, datasetId, version: number, filePath, jobId: context.job.id });
  };

  jobs.registerHandler(IMPORT_JOB, async (rawPayload, context) => {
    const payload = rawPayload as ImportJobPayload;
    const work = paths.workDirectory(context.job.id);
    const workFile = path.join(path.dirname(paths.absolute(paths.versionFile(payload.datasetId, 0, false))), `.import-${context.job.id}.jsonl${settings.gzip ? '.gz' : ''}`);
    try {
      const result = await importFile(
        { file: payload.file, format: payload.format, mapping: payload.mapping, readerOptions: payload.readerOptions, output: workFile, idPrefix: `${payload.sourceName.replace(/\.[^.]+$/, '')}-` },
        context,
      );
      const version = await publish(context, payload.orgId, payload.datasetId, workFile, {
        parentVersion: null,
        kind: 'import',
        recipe: null,
        source: { file: payload.sourceName, format: payload.format, mapping: payload.mapping, options: payload.readerOptions },
        recordCount: result.records,
        textBytes: result.textBytes,
        statistics: result.statistics,
        samples: result.samples,
      });
      return { datasetId: payload.datasetId, version: version.version, records: version.recordCount };
    } finally {
      rmSync(work, { recursive: true, force: true });
      rmSync(workFile, { force: true });
      if (payload.removeFile) rmSync(payload.file, { force: true });
    }
  });

  jobs.registerHandler(RECIPE_JOB, async (rawPayload, context) => {
    const payload = rawPayload as RecipeJobPayload;
    const source = await repository.getVersion(payload.orgId, payload.datasetId, payload.fromVersion);
    if (!source) throw new Error(`Version ${payload.fromVersion} of the dataset does not exist.`);
    const recipe = parseRecipe(payload.recipe);
    const work = paths.workDirectory(context.job.id);
    const workFile = path.join(work, `result.jsonl${settings.gzip ? '.gz' : ''}`);
    try {
      const result = await runRecipe(
        { input: paths.absolute(source.filePath), inputCount: source.recordCount, output: workFile, workDirectory: work, recipe, shardSize: settings.shardSize },
        context,
      );
      const version = await publish(context, payload.orgId, payload.datasetId, workFile, {
        parentVersion: source.version,
        kind: 'recipe',
        recipe: payload.recipe,
        source: { fromVersion: source.version, recipeName: recipe.name },
        recordCount: result.records,
        textBytes: result.textBytes,
        statistics: result.statistics,
        samples: result.samples,
      });
      return { datasetId: payload.datasetId, version: version.version, records: version.recordCount };
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  jobs.registerShardHandler(MAP_SHARD, (payload, context) => runMapShard(payload as MapShardPayload, context.reportItems));
  jobs.registerShardHandler(SUMMARIZE_SHARD, (payload, context) => runSummarizeShard(payload as SummarizeShardPayload, context.reportItems));
}
