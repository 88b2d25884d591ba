import type { JobRepository } from './job-repository.ts';
import { JobCancelledError, type JobProgress, type ProgressUpdate } from './job-types.ts';

const WINDOW_MS = 5_000;

/**
 * Turns "items done / total" reports into percent, items per second (over a sliding window)
 * and ETA, writes them to the store at most every `intervalMs`, and notices cancellation.
 */
export class ProgressTracker {
  private readonly samples: Array<{ at: number; items: number }> = [];
  private lastWrite = 0;
  private current: JobProgress = {
    percent: 0,
    itemsDone: 0,
    itemsTotal: null,
    itemsPerSecond: 0,
    etaMs: null,
    stage: null,
  };

  constructor(
    private readonly jobId: string,
    private readonly repository: JobRepository,
    private readonly controller: AbortController,
    private readonly intervalMs = 500,
  ) {}

  get snapshot(): JobProgress {
    return this.current;
  }

  async report(update: ProgressUpdate): Promise<void> {
    if (this.controller.signal.aborted) throw new JobCancelledError(this.jobId);
    const now = Date.now();
    const total = update.itemsTotal === undefined ? this.current.itemsTotal : update.itemsTotal;
    const stage = update.stage === undefined ? this.current.stage : update.stage;
    const stageChanged = stage !== this.current.stage;
    this.samples.push({ at: now, items: update.itemsDone });
    while (this.samples.length > 2 && now - this.samples[0]!.at > WINDOW_MS) this.samples.shift();
    const first = this.samples[0]!;
    const seconds = (now - first.at) / 1000;
    const rate = seconds > 0.05 ? Math.max(0, (update.itemsDone - first.items) / seconds) : this.current.itemsPerSecond;
    const percent = total && total > 0 ? Math.min(100, (100 * update.itemsDone) / total) : 0;
    const etaMs = total && rate > 0 ? Math.max(0, Math.round(((total - update.itemsDone) / rate) * 1000)) : null;
    this.current = {
      percent,
      itemsDone: update.itemsDone,
      itemsTotal: total ?? null,
      itemsPerSecond: rate,
      etaMs,
      stage,
    };
    if (!stageChanged && now - this.lastWrite < this.intervalMs) return;
    this.lastWrite = now;
    const cancelled = await this.repository.saveProgress(this.jobId, this.current);
    if (cancelled) {
      this.controller.abort();
      throw new JobCancelledError(this.jobId);
    }
  }
}

/** For shards: polls the parent's cancellation flag at most every `intervalMs`. */
export class CancellationWatcher {
  private lastCheck = 0;
  constructor(
    private readonly jobId: string,
    private readonly repository: JobRepository,
    private readonly controller: AbortController,
    private readonly intervalMs = 1_000,
  ) {}

  async check(): Promise<void> {
    if (this.controller.signal.aborted) throw new JobCancelledError(this.jobId);
    const now = Date.now();
    if (now - this.lastCheck < this.intervalMs) return;
    this.lastCheck = now;
    if (await this.repository.isCancelRequested(this.jobId)) {
      this.controller.abort();
      throw new JobCancelledError(this.jobId);
    }
  }
}
