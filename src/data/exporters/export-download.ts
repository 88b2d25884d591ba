import { existsSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { readPayload } from '../../jobs/job-definition.ts';
import type { JobDefinition, JobRunner } from '../../jobs/job-types.ts';
import { conflict, gone, notFound } from '../../util/errors.ts';

export interface ExportFileRequest<Schema extends z.ZodType> {
  jobs: JobRunner;
  /** The export job type (dataset or labeling export). */
  job: JobDefinition<Schema, never, unknown>;
  orgId: string;
  exportId: string;
  file: string;
  /** Whether the export belongs to what the caller named (its dataset, its project). */
  belongs(payload: z.output<Schema>): boolean;
  /** What the caller named, for messages: `Dataset 'faq'`. */
  owner: string;
  /** Where the export's files are. */
  directory: string;
  retentionDays: number;
}

/**
 * A file of a finished export job, after the checks every export download makes: 404 when the
 * organization has no such export of this dataset or project (or the export no such file), 409 while
 * it runs or when it failed, 410 when its files were removed (retention, cleanup).
 */
export async function finishedExportFile<Schema extends z.ZodType, Result extends { files: string[] }>(
  request: ExportFileRequest<Schema>,
): Promise<{ file: string; result: Result }> {
  const { exportId, file } = request;
  const job = await request.jobs.get(exportId, request.orgId);
  const reading = job?.type === request.job.type ? readPayload(request.job, job.payload, job.payloadVersion) : null;
  if (!job || !reading?.ok || !request.belongs(reading.payload))
    throw notFound(`${request.owner} has no export '${exportId}'.`, 'export_not_found', 'export');
  if (job.status === 'queued' || job.status === 'running')
    throw conflict(
      `Export ${exportId} is still ${job.status} (${Math.floor(job.progress.percent)}%); download it when the job has succeeded.`,
      'export_not_ready',
    );
  if (job.status !== 'succeeded')
    throw conflict(
      `Export ${exportId} ${job.status}${job.error ? `: ${job.error}` : ''}; start a new export.`,
      'export_not_ready',
    );
  const result = job.result as Result;
  if (!result.files.includes(file))
    throw notFound(
      `Export ${exportId} has no ${file} (it has ${result.files.join(', ')}).`,
      'export_file_not_found',
      'file',
    );
  const absolute = path.join(request.directory, file);
  if (!existsSync(absolute))
    throw gone(
      `The files of export ${exportId} were removed (exports are kept ${request.retentionDays} days); start the export again.`,
      'export_expired',
      'export',
    );
  return { file: absolute, result };
}
