import path from 'node:path';

/** Where the workbench keeps files, all under the data directory (shared by every worker). */
export class DatasetPaths {
  constructor(readonly dataDir: string) {}

  /** Relative path of a version file (stored in the version row). */
  versionFile(datasetId: string, version: number, gzip: boolean): string {
    return path.join('datasets', datasetId, `v${version}.jsonl${gzip ? '.gz' : ''}`);
  }

  absolute(relative: string): string {
    return path.resolve(this.dataDir, relative);
  }

  /** Scratch space of one job (shard outputs, summaries, plans); removed when the job ends. */
  workDirectory(jobId: string): string {
    return path.resolve(this.dataDir, 'work', jobId);
  }

  uploadDirectory(orgId: string): string {
    return path.resolve(this.dataDir, 'uploads', orgId.replace(/[^\w.-]/g, '_'));
  }

  /** Every export of a dataset (one directory per export job). */
  exportsOf(datasetId: string): string {
    return path.resolve(this.dataDir, 'exports', datasetId);
  }

  /** The files of one export, named by its job. */
  exportDirectory(datasetId: string, exportId: string): string {
    return path.join(this.exportsOf(datasetId), exportId);
  }
}
