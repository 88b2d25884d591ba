import { renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { defineJob, payloadUpgrade } from '../jobs/job-definition.ts';
import type { JobContext, JobRunner } from '../jobs/job-types.ts';
import type { DatasetRepository } from './dataset-repository.ts';
import type { NewVersion } from './dataset-types.ts';
import { exportJob } from './exporters/export-job.ts';
import { importFile } from './import/import-file.ts';
import { mapShard } from './pipeline/map-shard.ts';
import { runRecipe } from './pipeline/run-recipe.ts';
import { summarizeShard } from './pipeline/summarize-shard.ts';
import { fieldMappingSchema } from './readers/field-mapping.ts';
import { importFormats, readerOptionsSchema } from './readers/index.ts';
import { parseRecipe } from './recipes/recipe.ts';
import type { DatasetPaths } from './storage/dataset-paths.ts';

const importPayloadSchema = z.object({
  orgId: z.string().min(1),
  datasetId: z.string().min(1),
  /** Absolute path of the file on storage every worker sees. */
  file: z.string().min(1),
  /** The name the user knows the file by (upload name). */
  sourceName: z.string().min(1),
  format: z.enum(importFormats),
  mapping: fieldMappingSchema,
  readerOptions: readerOptionsSchema,
  /** Delete the file when done (uploads). */
  removeFile: z.boolean(),
});
export type ImportJobPayload = z.input<typeof importPayloadSchema>;

const recipePayloadSchema = z.object({
  orgId: z.string().min(1),
  datasetId: z.string().min(1),
  fromVersion: z.number().int().positive(),
  /** The recipe YAML as the user wrote it (validated again when the job runs). */
  recipe: z.string().min(1),
});
export type RecipeJobPayload = z.input<typeof recipePayloadSchema>;

export interface DataJobSettings {
  repository: DatasetRepository;
  paths: DatasetPaths;
  gzip: boolean;
  /** Records per shard of a recipe run (BullMQ spreads shards over workers). */
  shardSize: number | undefined;
  /** Export files older than this are removed when the next export of the dataset starts. */
  exportRetentionMs: number;
}

/** Where a version comes from (an import or a recipe run). */
type VersionOrigin = Pick<NewVersion, 'parentVersion' | 'kind' | 'recipe' | 'source'>;
/** What the run that wrote the work file measured. */
interface WrittenVersion {
  records: number;
  textBytes: number;
  statistics: NewVersion['statistics'];
  samples: NewVersion['samples'];
}

/** Moves a finished work file into place as the dataset's next version; the job's result names it. */
function publisher({ repository, paths, gzip }: DataJobSettings) {
  return async (
    context: JobContext,
    payload: { orgId: string; datasetId: string },
    workFile: string,
    origin: VersionOrigin,
    written: WrittenVersion,
  ) => {
    const { orgId, datasetId } = payload;
    const number = await repository.reserveVersion(datasetId);
    const filePath = paths.versionFile(datasetId, number, gzip);
    renameSync(workFile, paths.absolute(filePath));
    const version = await repository.insertVersion(orgId, {
      ...origin,
      datasetId,
      version: number,
      filePath,
      jobId: context.job.id,
      recordCount: written.records,
      textBytes: written.textBytes,
      statistics: written.statistics,
      samples: written.samples,
    });
    // An import also names how many records the file had, so a partial import is not read as a full one.
    const read = origin.kind === 'import' ? written.statistics[0]?.in : undefined;
    return {
      datasetId,
      version: version.version,
      records: version.recordCount,
      ...(read === undefined ? {} : { read }),
    };
  };
}

/** A file (upload or server path) → the dataset's next version, with statistics and samples. */
export const importJob = defineJob({
  type: 'data.import',
  // 2: reader options gained `encoding` and `maxLineCharacters` (version 1 payloads read unchanged).
  version: 2,
  schema: importPayloadSchema,
  upgrades: [payloadUpgrade(1, importPayloadSchema, (payload) => payload)],
  handler: async (payload, context, settings: DataJobSettings) => {
    const { paths } = settings;
    const publish = publisher(settings);
    const work = paths.workDirectory(context.job.id);
    const workFile = path.join(
      path.dirname(paths.absolute(paths.versionFile(payload.datasetId, 0, false))),
      `.import-${context.job.id}.jsonl${settings.gzip ? '.gz' : ''}`,
    );
    try {
      const result = await importFile(
        {
          file: payload.file,
          format: payload.format,
          mapping: payload.mapping,
          readerOptions: payload.readerOptions,
          output: workFile,
          idPrefix: `${payload.sourceName.replace(/\.[^.]+$/, '')}-`,
        },
        context,
      );
      return await publish(
        context,
        payload,
        workFile,
        {
          parentVersion: null,
          kind: 'import',
          recipe: null,
          source: {
            file: payload.sourceName,
            format: payload.format,
            mapping: payload.mapping,
            options: payload.readerOptions,
            ...(result.encoding ? { encoding: result.encoding } : {}),
          },
        },
        result,
      );
    } finally {
      rmSync(work, { recursive: true, force: true });
      rmSync(workFile, { force: true });
      if (payload.removeFile) rmSync(payload.file, { force: true });
    }
  },
});

/** A cleaning recipe over a version → the dataset's next version (sharded over workers). */
export const recipeJob = defineJob({
  type: 'data.recipe',
  version: 1,
  schema: recipePayloadSchema,
  handler: async (payload, context, settings: DataJobSettings) => {
    const { repository, paths } = settings;
    const publish = publisher(settings);
    const source = await repository.getVersion(payload.orgId, payload.datasetId, payload.fromVersion);
    if (!source) throw new Error(`Version ${payload.fromVersion} of the dataset does not exist.`);
    const recipe = parseRecipe(payload.recipe);
    const work = paths.workDirectory(context.job.id);
    const workFile = path.join(work, `result.jsonl${settings.gzip ? '.gz' : ''}`);
    try {
      const result = await runRecipe(
        {
          input: paths.absolute(source.filePath),
          inputCount: source.recordCount,
          output: workFile,
          workDirectory: work,
          recipe,
          shardSize: settings.shardSize,
        },
        context,
      );
      return await publish(
        context,
        payload,
        workFile,
        {
          parentVersion: source.version,
          kind: 'recipe',
          recipe: payload.recipe,
          source: {
            fromVersion: source.version,
            recipeName: recipe.name,
            // Every parameter as it was used, defaults included: a later change of a default does not
            // change how this version was made, and running this list again repeats it.
            resolvedOperators: recipe.steps.map((step) => ({ [step.name]: step.params })),
          },
        },
        result,
      );
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  },
});

/** Registers the workbench's jobs and shards on a runner (server and `kaiyuan worker` alike). */
export function registerDataJobs(jobs: JobRunner, settings: DataJobSettings): void {
  jobs.register(importJob, settings);
  jobs.register(recipeJob, settings);
  jobs.register(exportJob, settings);
  jobs.registerShard(mapShard);
  jobs.registerShard(summarizeShard);
}
