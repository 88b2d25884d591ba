import { existsSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import type { KaiyuanConfig } from '../config/config-schema.ts';
import type { JobRecord, JobRunner, ListJobsOptions } from '../jobs/job-types.ts';
import type { Store } from '../store/database.ts';
import { invalidRequest, notFound } from '../util/errors.ts';
import { checkEncodingName } from './readers/text-decoding.ts';
import { importJob, recipeJob, registerDataJobs, type ImportJobPayload, type RecipeJobPayload } from './data-jobs.ts';
import type { DataRecord } from './data-record.ts';
import { DatasetRepository } from './dataset-repository.ts';
import type { Dataset, DatasetVersion } from './dataset-types.ts';
import { finishedExportFile } from './exporters/export-download.ts';
import { exportJob, type exportPayloadSchema, type ExportJobResult } from './exporters/export-job.ts';
import type { ExportFormat } from './exporters/index.ts';
import { fieldMappingSchema, type FieldMapping } from './readers/field-mapping.ts';
import { detectFormat, type ImportFormat, type ReaderOptions } from './readers/index.ts';
import { parseRecipe } from './recipes/recipe.ts';
import { DatasetPaths } from './storage/dataset-paths.ts';
import { readRecordRange } from './pipeline/record-range.ts';

export interface DataWorkbenchOptions {
  /** Records per shard of a recipe run; default: one shard in-process, 20 000 on BullMQ. */
  shardSize?: number;
  /** Store version files gzip-compressed (default `data.gzip` of the config). */
  gzip?: boolean;
  /** Days an export's files are kept (default 7); older ones go when the next export of the dataset starts. */
  exportRetentionDays?: number;
}

export interface ExportRequest {
  /** The version to export (default: the latest). */
  version?: number | 'latest';
  format: ExportFormat;
  /** Share of near-duplicate clusters for validation.jsonl, in [0, 1) (default 0: none). */
  validationRatio?: number;
  seed?: number;
}

/** A finished export file, ready to stream. */
export interface ExportDownload {
  file: string;
  /** The name a browser saves it under. */
  downloadName: string;
}

export interface ImportRequest {
  file: string;
  /** The name the user knows the file by (upload name). */
  sourceName?: string;
  format?: ImportFormat;
  mapping?: FieldMapping;
  readerOptions?: ReaderOptions;
  removeFile?: boolean;
}

/** The data workbench: datasets, versions, imports, recipe runs and exports. Knows nothing of HTTP. */
export class DataWorkbench {
  readonly repository: DatasetRepository;
  readonly paths: DatasetPaths;
  readonly exportRetentionDays: number;

  constructor(
    readonly store: Store,
    readonly jobs: JobRunner,
    dataDir: string,
    readonly logger: Logger,
    options: DataWorkbenchOptions = {},
  ) {
    this.repository = new DatasetRepository(store);
    this.paths = new DatasetPaths(dataDir);
    this.exportRetentionDays = options.exportRetentionDays ?? 7;
    registerDataJobs(jobs, {
      repository: this.repository,
      paths: this.paths,
      gzip: options.gzip ?? false,
      shardSize: options.shardSize ?? (jobs.kind === 'bullmq' ? 20_000 : undefined),
      exportRetentionMs: this.exportRetentionDays * 86_400_000,
    });
  }

  createDataset(orgId: string, name: string, description = ''): Promise<Dataset> {
    if (!/^[\p{L}\p{N}][\p{L}\p{N} _.-]{0,99}$/u.test(name)) {
      throw invalidRequest(
        'A dataset name is 1–100 letters, digits, spaces, "_", "." or "-", starting with a letter or digit.',
        'name',
        'invalid_dataset_name',
      );
    }
    return this.repository.create(orgId, name, description);
  }

  listDatasets(orgId: string): Promise<Dataset[]> {
    return this.repository.list(orgId);
  }

  /** By id, or by name when no dataset has that id. */
  async getDataset(orgId: string, idOrName: string): Promise<Dataset> {
    const dataset = (await this.repository.get(orgId, idOrName)) ?? (await this.repository.findByName(orgId, idOrName));
    if (!dataset) throw notFound(`No dataset '${idOrName}' in this organization.`, 'dataset_not_found', 'dataset');
    return dataset;
  }

  async deleteDataset(orgId: string, idOrName: string): Promise<void> {
    const dataset = await this.getDataset(orgId, idOrName);
    await this.repository.delete(orgId, dataset.id);
    rmSync(path.dirname(this.paths.absolute(this.paths.versionFile(dataset.id, 1, false))), {
      recursive: true,
      force: true,
    });
    rmSync(this.paths.exportsOf(dataset.id), { recursive: true, force: true });
  }

  async listVersions(orgId: string, idOrName: string): Promise<DatasetVersion[]> {
    const dataset = await this.getDataset(orgId, idOrName);
    return this.repository.listVersions(orgId, dataset.id);
  }

  /** A version by number; `latest` (or undefined) is the newest one. */
  async getVersion(orgId: string, idOrName: string, version?: number | 'latest'): Promise<DatasetVersion> {
    const dataset = await this.getDataset(orgId, idOrName);
    if (version === undefined || version === 'latest') {
      const versions = await this.repository.listVersions(orgId, dataset.id);
      const latest = versions.at(-1);
      if (!latest)
        throw notFound(
          `Dataset '${dataset.name}' has no version yet; import data first.`,
          'version_not_found',
          'version',
        );
      return latest;
    }
    const found = await this.repository.getVersion(orgId, dataset.id, version);
    if (!found) throw notFound(`Dataset '${dataset.name}' has no version ${version}.`, 'version_not_found', 'version');
    return found;
  }

  /** A page of records of a version (streamed from its file; cost grows with the offset). */
  async browseRecords(
    orgId: string,
    idOrName: string,
    version: number | 'latest' | undefined,
    offset: number,
    limit: number,
  ): Promise<{ total: number; records: DataRecord[] }> {
    const found = await this.getVersion(orgId, idOrName, version);
    const records: DataRecord[] = [];
    for await (const { record } of readRecordRange(this.paths.absolute(found.filePath), offset, offset + limit))
      records.push(record);
    return { total: found.recordCount, records };
  }

  async startImport(orgId: string, idOrName: string, request: ImportRequest): Promise<JobRecord> {
    const dataset = await this.getDataset(orgId, idOrName);
    if (!existsSync(request.file) || !statSync(request.file).isFile())
      throw invalidRequest(`File ${request.file} does not exist.`, 'file', 'file_not_found');
    const sourceName = request.sourceName ?? path.basename(request.file);
    const mapping = fieldMappingSchema.safeParse(request.mapping ?? {});
    if (!mapping.success)
      throw invalidRequest(`Invalid field mapping: ${mapping.error.issues[0]?.message}`, 'mapping', 'invalid_mapping');
    if (request.readerOptions?.encoding) checkEncodingName(request.readerOptions.encoding);
    const payload: ImportJobPayload = {
      orgId,
      datasetId: dataset.id,
      file: path.resolve(request.file),
      sourceName,
      format: request.format ?? detectFormat(sourceName),
      mapping: mapping.data,
      readerOptions: request.readerOptions ?? {},
      removeFile: request.removeFile ?? false,
    };
    return this.jobs.enqueue(importJob, payload, { orgId });
  }

  /** Validates the recipe now (a bad one never becomes a job) and queues the run. */
  async startRecipe(orgId: string, idOrName: string, recipeText: string, fromVersion?: number): Promise<JobRecord> {
    parseRecipe(recipeText);
    const source = await this.getVersion(orgId, idOrName, fromVersion);
    const payload: RecipeJobPayload = {
      orgId,
      datasetId: source.datasetId,
      fromVersion: source.version,
      recipe: recipeText,
    };
    return this.jobs.enqueue(recipeJob, payload, { orgId });
  }

  /**
   * Queues the export of a version as a trainer format; the format and options are checked now (a
   * 400, nothing queued), the files are written by the job and downloaded with exportDownload().
   */
  async startExport(orgId: string, idOrName: string, request: ExportRequest): Promise<JobRecord> {
    const source = await this.getVersion(orgId, idOrName, request.version);
    return this.jobs.enqueue(
      exportJob,
      {
        orgId,
        datasetId: source.datasetId,
        version: source.version,
        format: request.format,
        validationRatio: request.validationRatio,
        seed: request.seed,
      },
      { orgId },
    );
  }

  /**
   * A file of a finished export of this dataset: 404 when there is no such export or file, 409
   * while it runs (or when it failed), 410 when its files were removed (retention, cleanup).
   */
  async exportDownload(orgId: string, idOrName: string, exportId: string, file: string): Promise<ExportDownload> {
    const dataset = await this.getDataset(orgId, idOrName);
    const found = await finishedExportFile<typeof exportPayloadSchema, ExportJobResult>({
      jobs: this.jobs,
      job: exportJob,
      orgId,
      exportId,
      file,
      belongs: (payload) => payload.datasetId === dataset.id,
      owner: `Dataset '${dataset.name}'`,
      directory: this.paths.exportDirectory(dataset.id, exportId),
      retentionDays: this.exportRetentionDays,
    });
    return { file: found.file, downloadName: `${dataset.id}-v${found.result.version}-${found.result.format}-${file}` };
  }

  getJob(orgId: string, jobId: string): Promise<JobRecord | null> {
    return this.jobs.get(jobId, orgId);
  }

  listJobs(orgId: string, options?: ListJobsOptions): Promise<JobRecord[]> {
    return this.jobs.list(orgId, options);
  }

  cancelJob(orgId: string, jobId: string): Promise<JobRecord | null> {
    return this.jobs.cancel(jobId, orgId);
  }
}

/** The factory main.ts calls: the workbench on the given job runner (whose handlers it registers). */
export function createDataWorkbench(
  store: Store,
  config: KaiyuanConfig,
  logger: Logger,
  jobs: JobRunner,
  options: DataWorkbenchOptions = {},
): DataWorkbench {
  return new DataWorkbench(store, jobs, path.resolve(config.dataDir), logger, {
    ...options,
    gzip: options.gzip ?? config.data.gzip,
  });
}
