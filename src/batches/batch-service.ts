import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { Principal } from '../accounts/principal.ts';
import type { CreateBatchBody, FilePurpose } from '../api-contract/batches.ts';
import type { BatchesConfig } from '../config/config-schema.ts';
import type { InferenceService } from '../inference/inference-service.ts';
import type { JobRunner } from '../jobs/job-types.ts';
import type { Store } from '../store/database.ts';
import { KaiyuanError, conflict, invalidRequest, notFound } from '../util/errors.ts';
import { newTimeOrderedId, randomBase62 } from '../util/ids.ts';
import { readBatchInput, type LineError } from './batch-input.ts';
import { batchSliceJob } from './batch-job.ts';
import { activeStatuses, BatchRepository, type BatchRow } from './batch-repository.ts';
import { BatchSupervisor } from './batch-supervisor.ts';
import { FileRepository, type StoredFile } from './file-repository.ts';

const dayMs = 24 * 60 * 60 * 1000;
const megabyte = 1024 * 1024;

export interface FileUpload {
  filename: string;
  purpose: string;
  content: Buffer;
}

/**
 * Files and batches (OpenAI's Batch API) for one platform: uploads checked line by line, batches
 * queued as jobs, cancellation, listing. The lines run on jobs (batch-job.ts).
 */
export class BatchService {
  readonly files: FileRepository;
  readonly batches: BatchRepository;
  private readonly supervisor: BatchSupervisor;

  constructor(
    store: Store,
    private readonly config: BatchesConfig,
    private readonly jobs: JobRunner,
    logger: Logger,
  ) {
    this.files = new FileRepository(store);
    this.batches = new BatchRepository(store);
    this.supervisor = new BatchSupervisor({
      batches: this.batches,
      files: this.files,
      logger,
      leaseSeconds: config.leaseSeconds,
      resume: (batch) => this.queueSlice(batch),
    });
  }

  async uploadFile(orgId: string, upload: FileUpload): Promise<StoredFile> {
    if (upload.purpose !== 'batch')
      throw invalidRequest(
        `The purpose '${upload.purpose}' is not supported; use 'batch'.`,
        'purpose',
        'invalid_purpose',
      );
    const limit = this.config.fileLimitMb * megabyte;
    if (upload.content.length > limit) throw fileTooLarge(upload.content.length, limit);
    const text = upload.content.toString('utf8');
    if (Buffer.byteLength(text) !== upload.content.length || text.includes('\uFFFD'))
      throw invalidRequest('The file is not UTF-8 text (JSONL expected).', 'file', 'invalid_file_encoding');
    const reading = readBatchInput(text, { maxLines: this.config.maxLines });
    if (!reading.ok) throw invalidBatchFile(reading.errors, reading.errorCount);
    const quota = this.config.storageQuotaMb * megabyte;
    const used = await this.files.bytesUsed(orgId);
    if (used + upload.content.length > quota) {
      throw new KaiyuanError(
        'storage_quota_exceeded',
        `The organization's files would take ${formatMb(used + upload.content.length)} of its ${formatMb(quota)} storage quota. Delete files you no longer need.`,
        { status: 413, type: 'invalid_request_error', param: 'file' },
      );
    }
    return this.files.create({
      id: `file-${randomBase62(24)}`,
      org_id: orgId,
      purpose: upload.purpose,
      filename: upload.filename,
      bytes: upload.content.length,
      line_count: reading.lines.length,
      content: text,
      created_at: Date.now(),
      expires_at: null,
    });
  }

  async getFile(orgId: string, id: string): Promise<StoredFile> {
    const file = await this.files.get(orgId, id);
    if (!file) throw notFound(`No such File object: ${id}`, 'file_not_found', 'file_id');
    return file;
  }

  async fileContent(orgId: string, id: string): Promise<{ file: StoredFile; content: string }> {
    const file = await this.getFile(orgId, id);
    const content = await this.files.content(orgId, id);
    if (content === null) throw notFound(`No such File object: ${id}`, 'file_not_found', 'file_id');
    return { file, content };
  }

  listFiles(orgId: string, options: { after?: string; limit: number; purpose?: FilePurpose }) {
    return this.files.list(orgId, options);
  }

  async deleteFile(orgId: string, id: string): Promise<void> {
    await this.getFile(orgId, id);
    const active = (await this.batches.list(orgId, { limit: 1000 })).find(
      (batch) => batch.input_file_id === id && (activeStatuses as readonly string[]).includes(batch.status),
    );
    if (active) throw conflict(`The file is the input of batch ${active.id}, which is still running.`, 'file_in_use');
    await this.files.delete(orgId, id);
  }

  async createBatch(principal: Principal, orgId: string, body: CreateBatchBody): Promise<BatchRow> {
    const file = await this.files.get(orgId, body.input_file_id);
    if (!file) throw notFound(`No such File object: ${body.input_file_id}`, 'file_not_found', 'input_file_id');
    if (file.purpose !== 'batch')
      throw invalidRequest(`The file ${file.id} has purpose '${file.purpose}', not 'batch'.`, 'input_file_id');
    const content = (await this.files.content(orgId, file.id)) ?? '';
    const reading = readBatchInput(content, { maxLines: this.config.maxLines, endpoint: body.endpoint });
    if (!reading.ok) throw invalidBatchFile(reading.errors, reading.errorCount);
    const now = Date.now();
    const row: BatchRow = {
      id: newTimeOrderedId('batch'),
      org_id: orgId,
      principal: JSON.stringify(principal),
      endpoint: body.endpoint,
      input_file_id: file.id,
      completion_window: body.completion_window,
      status: 'validating',
      output_file_id: null,
      error_file_id: null,
      errors: null,
      metadata: body.metadata ? JSON.stringify(body.metadata) : null,
      total: reading.lines.length,
      completed: 0,
      failed: 0,
      created_at: now,
      expires_at: now + dayMs,
      in_progress_at: null,
      finalizing_at: null,
      completed_at: null,
      failed_at: null,
      expired_at: null,
      cancelling_at: null,
      cancelled_at: null,
      lease_owner: null,
      lease_until: 0,
      updated_at: now,
    };
    await this.batches.create(row);
    await this.queueSlice(row);
    return (await this.batches.get(row.id)) ?? row;
  }

  async getBatch(orgId: string, id: string): Promise<BatchRow> {
    const batch = await this.batches.get(id, orgId);
    if (!batch) throw notFound(`No such batch: ${id}`, 'batch_not_found', 'batch_id');
    return batch;
  }

  listBatches(orgId: string, options: { after?: string; limit: number }) {
    return this.batches.list(orgId, options);
  }

  /** Asks a running batch to stop: lines in flight finish, the rest are not run; then it is `cancelled`. */
  async cancelBatch(orgId: string, id: string): Promise<BatchRow> {
    const batch = await this.getBatch(orgId, id);
    if (batch.status === 'cancelling' || batch.status === 'cancelled') return batch;
    const moved = await this.batches.transition(id, ['validating', 'in_progress'], {
      status: 'cancelling',
      cancelling_at: Date.now(),
    });
    if (!moved)
      throw conflict(`The batch ${id} is ${batch.status} and can no longer be cancelled.`, 'batch_not_cancellable');
    return this.getBatch(orgId, id);
  }

  /** Starts resuming batches left without a runner; the server does, one-off commands do not. */
  startSupervision(): void {
    this.supervisor.start();
  }

  close(): Promise<void> {
    return this.supervisor.stop();
  }

  /** Queues a slice of the batch unless one is queued or running already. */
  async queueSlice(batch: { id: string; org_id: string }): Promise<boolean> {
    const now = Date.now();
    const grace = Math.max(10 * this.config.leaseSeconds * 1000, 60_000);
    if (!(await this.batches.markQueued(batch.id, now + grace, now))) return false;
    await this.jobs.enqueue(batchSliceJob, { batchId: batch.id }, { orgId: batch.org_id });
    return true;
  }
}

/** What runs the lines: registered on the job runner by main.ts. */
export function registerBatchJobs(
  service: BatchService,
  jobs: JobRunner,
  inference: InferenceService,
  config: BatchesConfig,
  logger: Logger,
): void {
  jobs.register(batchSliceJob, {
    batches: service.batches,
    files: service.files,
    inference,
    config,
    logger,
    owner: `${hostname()}:${process.pid}:${randomBase62(6)}`,
    continueBatch: async (batch) => void (await service.queueSlice(batch)),
  });
}

function invalidBatchFile(errors: LineError[], count: number): KaiyuanError {
  const shown = errors.slice(0, 5).map((error) => error.message);
  const listed = count > shown.length ? `; the first ${shown.length}` : '';
  const first = errors[0];
  const summary = `The batch file has ${count} ${count === 1 ? 'error' : 'errors'}${listed}`;
  return new KaiyuanError('invalid_batch_file', `${summary}: ${shown.join(' ')}`, {
    status: 400,
    type: 'invalid_request_error',
    param: first ? `line ${first.line}${first.param ? `: ${first.param}` : ''}` : null,
  });
}

function fileTooLarge(bytes: number, limit: number): KaiyuanError {
  return new KaiyuanError(
    'file_too_large',
    `The file has ${formatMb(bytes)}; files may have at most ${formatMb(limit)}.`,
    {
      status: 413,
      type: 'invalid_request_error',
      param: 'file',
      params: { limitMb: Number((limit / 1024 / 1024).toFixed(1)) },
    },
  );
}

function formatMb(bytes: number): string {
  return `${(bytes / megabyte).toFixed(bytes < megabyte ? 3 : 1)} MB`;
}
