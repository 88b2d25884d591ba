import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import type { KaiyuanConfig } from '../config/config-schema.ts';
import type { JobRecord, JobRunner, ListJobsOptions } from '../jobs/job-types.ts';
import type { Store } from '../store/database.ts';
import { invalidRequest, notFound } from '../util/errors.ts';
import { importJob, recipeJob, registerDataJobs, type ImportJobPayload, type RecipeJobPayload } from './data-jobs.ts';
import type { DataRecord } from './data-record.ts';
import { DatasetRepository } from './dataset-repository.ts';
import type { Dataset, DatasetVersion } from './dataset-types.ts';
import { exportVersion, type ExportResult } from './exporters/export-version.ts';
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

  constructor(
    readonly store: Store,
    readonly jobs: JobRunner,
    dataDir: string,
    readonly logger: Logger,
    options: DataWorkbenchOptions = {},
  ) {
    this.repository = new DatasetRepository(store);
    this.paths = new DatasetPaths(dataDir);
    registerDataJobs(jobs, {
      repository: this.repository,
      paths: this.paths,
      gzip: options.gzip ?? false,
      shardSize: options.shardSize ?? (jobs.kind === 'bullmq' ? 20_000 : undefined),
    });
  }

  createDataset(orgId: string, name: string, description = ''): Promise<Dataset> {
    if (!/^[\p{L}\p{N}][\p{L}\p{N} _.-]{0,99}$/u.test(name)) {
      throw invalidRequest('A dataset name is 1–100 letters, digits, spaces, "_", "." or "-", starting with a letter or digit.', 'name', 'invalid_dataset_name');
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
    rmSync(path.dirname(this.paths.absolute(this.paths.versionFile(dataset.id, 1, false))), { recursive: true, force: true });
    rmSync(path.dirname(this.paths.exportDirectory(dataset.id, 1, 'x')), { recursive: true, force: true });
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
      if (!latest) throw notFound(`Dataset '${dataset.name}' has no version yet; import data first.`, 'version_not_found', 'version');
      return latest;
    }
    const found = await this.repository.getVersion(orgId, dataset.id, version);
    if (!found) throw notFound(`Dataset '${dataset.name}' has no version ${version}.`, 'version_not_found', 'version');
    return found;
  }

  /** A page of records of a version (streamed from its file; cost grows with the offset). */
  async browseRecords(orgId: string, idOrName: string, version: number | 'latest' | undefined, offset: number, limit: number): Promise<{ total: number; records: DataRecord[] }> {
    const found = await this.getVersion(orgId, idOrName, version);
    const records: DataRecord[] = [];
    for await (const { record } of readRecordRange(this.paths.absolute(found.filePath), offset, offset + limit)) records.push(record);
    return { total: found.recordCount, records };
  }

  async startImport(orgId: string, idOrName: string, request: ImportRequest): Promise<JobRecord> {
    const dataset = await this.getDataset(orgId, idOrName);
    if (!existsSync(request.file) || !statSync(request.file).isFile()) throw invalidRequest(`File ${request.file} does not exist.`, 'file', 'file_not_found');
    const sourceName = request.sourceName ?? path.basename(request.file);
    const mapping = fieldMappingSchema.safeParse(request.mapping ?? {});
    if (!mapping.success) throw invalidRequest(`Invalid field mapping: ${mapping.error.issues[0]?.message}`, 'mapping', 'invalid_mapping');
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
    const payload: RecipeJobPayload = { orgId, datasetId: source.datasetId, fromVersion: source.version, recipe: recipeText };
    return this.jobs.enqueue(recipeJob, payload, { orgId });
  }

  /** Exports a version (cached: versions are immutable). */
  async exportDataset(orgId: string, idOrName: string, options: { version?: number; format: ExportFormat; validationRatio: number; seed?: number }): Promise<ExportResult> {
    if (!(options.validationRatio >= 0 && options.validationRatio < 1)) throw invalidRequest('validation ratio must be in [0, 1).', 'validation_ratio');
    const found = await this.getVersion(orgId, idOrName, options.version);
    const key = `${options.format}-${options.validationRatio}-${options.seed ?? 42}`;
    const directory = this.paths.exportDirectory(found.datasetId, found.version, key);
    const summary = path.join(directory, 'export.json');
    if (existsSync(summary)) {
      try {
        return JSON.parse(readFileSync(summary, 'utf8')) as ExportResult;
      } catch {
        // A torn summary: export again.
      }
    }
    const result = await exportVersion({ input: this.paths.absolute(found.filePath), directory, format: options.format, validationRatio: options.validationRatio, seed: options.seed });
    writeFileSync(summary, JSON.stringify(result));
    return result;
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
export function createDataWorkbench(store: Store, config: KaiyuanConfig, logger: Logger, jobs: JobRunner, options: DataWorkbenchOptions = {}): DataWorkbench {
  return new DataWorkbench(store, jobs, path.resolve(config.dataDir), logger, { ...options, gzip: options.gzip ?? config.data.gzip });
}
