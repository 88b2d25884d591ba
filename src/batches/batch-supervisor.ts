import type { Logger } from 'pino';
import type { BatchRepository } from './batch-repository.ts';
import type { FileRepository } from './file-repository.ts';

export interface BatchSupervisorOptions {
  batches: BatchRepository;
  files: FileRepository;
  logger: Logger;
  leaseSeconds: number;
  /** Queues a slice of the batch (marking it queued first). */
  resume(batch: { id: string; org_id: string }): Promise<boolean>;
}

/**
 * Keeps batches moving when their runner is gone: every few seconds (and at start) it queues a
 * slice for each active batch without a live lease — a process killed mid-batch, a worker crash, a
 * lost queue entry — and removes output files past their retention. Every replica may run one:
 * queueing marks the batch first, so only one of them queues it.
 */
export class BatchSupervisor {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private lastCleanup = 0;

  constructor(private readonly options: BatchSupervisorOptions) {}

  start(): void {
    const intervalMs = Math.max(500, (this.options.leaseSeconds * 1000) / 2);
    void this.tick();
    this.timer = setInterval(() => void this.tick(), intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One pass (tests call it directly). */
  tick(): Promise<void> {
    this.running ??= this.pass().finally(() => (this.running = null));
    return this.running;
  }

  private async pass(): Promise<void> {
    const { batches, files, logger } = this.options;
    try {
      const now = Date.now();
      for (const batch of await batches.unleased(now)) {
        if (await this.options.resume(batch)) logger.info({ batchId: batch.id }, 'resuming a batch');
      }
      if (now - this.lastCleanup > 60_000) {
        this.lastCleanup = now;
        await files.deleteExpired(now);
      }
    } catch (error) {
      logger.warn({ err: error }, 'batch supervision failed');
    }
  }
}
