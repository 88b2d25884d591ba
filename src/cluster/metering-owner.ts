import type { Logger } from 'pino';
import type { UsageWrite } from '../billing/usage-write.ts';
import { UsageWriter } from '../billing/usage-writer.ts';
import { RequestLogWriter } from '../observability/request-log-writer.ts';
import { openStore, type Store } from '../store/database.ts';
import type { RequestBodiesTable, RequestLogTable } from '../store/schema/request-log-tables.ts';

export interface MeteringOwnerOptions {
  /**
   * Longest a write waits for the writes of the other workers that have requests in flight, so that
   * they commit in one transaction (decision 034); default 1 ms.
   */
  maxGatherMs?: number;
  /** The SQLite file (sqlite:… or a path); default `<dataDir>/kaiyuan.db`. */
  storeUrl?: string;
  dataDir: string;
  /** The request log's batching (config requestLog); null when the log is off. */
  requestLog: { flushIntervalMs: number; maxQueued: number } | null;
  logger: Logger;
}

/**
 * The one writer of metering for every worker of `kaiyuan serve --workers N` on SQLite (decision
 * 032), kept by the primary: usage records with their ledger debits (group commit across all
 * workers, each write answered once committed) and the request log's rows (batched, unanswered).
 * SQLite has one write lock per file: one writer never waits for another, never stalls an event
 * loop in `busy_timeout`, and commits the requests of all workers in one transaction. Its own
 * background checkpointer keeps the WAL bounded. The store is opened at the first call, after
 * slot 1 has migrated it.
 *
 * Group commit across workers (decision 034): each worker's writes arrive in one message per turn
 * of its event loop, a few at a time, and the primary, having nothing else to do, would commit each
 * message on its own. So the writes of a message wait until every other worker that has requests in
 * flight (its last write said so) has sent its own, or `maxGatherMs` has passed, and then go to the
 * UsageWriter together: one transaction for one turn of every worker, as one process commits the
 * requests of one turn. A write from a worker with nothing else in flight, while no other worker is
 * busy, commits at once (one request at a time pays no wait).
 */
export class MeteringOwner {
  private store: Store | null = null;
  private usage: UsageWriter | null = null;
  private log: RequestLogWriter | null = null;
  /** Writes waiting for the other busy workers' writes, and the workers they came from. */
  private held: Array<{ write: UsageWrite; answer(ok: boolean, value: unknown): void }> = [];
  private readonly heldFrom = new Set<number>();
  /** Workers whose last write said other requests of theirs were in flight. */
  private readonly busy = new Set<number>();
  private timer: NodeJS.Timeout | null = null;
  private checkQueued = false;

  constructor(private readonly options: MeteringOwnerOptions) {}

  /**
   * Runs a `metering.*` call of worker `worker`; answer(ok, value) once (writes: after the commit).
   * A write's arguments are the write and, when true, "no other request of mine is in flight".
   */
  handle(worker: number, method: string, args: unknown[], answer: (ok: boolean, value: unknown) => void): void {
    this.open();
    switch (method) {
      case 'metering.write':
        if (args[1] === true) this.busy.delete(worker);
        else this.busy.add(worker);
        this.held.push({ write: args[0] as UsageWrite, answer });
        this.heldFrom.add(worker);
        // Decided once the whole message is handled (a message carries all writes of one turn).
        if (!this.checkQueued) {
          this.checkQueued = true;
          queueMicrotask(() => this.releaseWhenGathered());
        }
        return;
      case 'metering.log':
        this.log?.add(args[0] as RequestLogTable, (args[1] as RequestBodiesTable | undefined) ?? null);
        return;
      case 'metering.received':
        answer(true, null);
        return;
      default:
        throw new Error(`unknown metering call '${method}'`);
    }
  }

  /** A worker is gone: writes waiting for its own are not held for it any longer. */
  workerGone(worker: number): void {
    this.busy.delete(worker);
    if (this.held.length > 0) this.releaseWhenGathered();
  }

  /** Commits what is queued and closes the store (after the workers are gone). */
  async close(): Promise<void> {
    if (!this.store) return;
    this.release();
    await this.usage!.drain();
    await this.log?.drain();
    await this.store.close();
    this.store = null;
  }

  private releaseWhenGathered(): void {
    this.checkQueued = false;
    if (this.held.length === 0) return;
    for (const worker of this.busy) {
      if (!this.heldFrom.has(worker)) {
        this.timer ??= setTimeout(() => this.release(), this.options.maxGatherMs ?? 1);
        return;
      }
    }
    this.release();
  }

  private release(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.held;
    if (batch.length === 0) return;
    this.held = [];
    this.heldFrom.clear();
    // A single write commits at once; several are queued in one go and commit in one transaction.
    for (const { write, answer } of batch)
      this.usage!.write(write, batch.length === 1).then(
        (result) => answer(true, result),
        (error: unknown) => answer(false, (error as Error).message),
      );
  }

  private open(): void {
    if (this.store) return;
    const { storeUrl, dataDir, requestLog, logger } = this.options;
    this.store = openStore({ url: storeUrl, dataDir, backgroundCheckpoints: true });
    this.usage = new UsageWriter(this.store);
    this.log = requestLog ? new RequestLogWriter(this.store, logger, requestLog) : null;
  }
}

/** Whether `kaiyuan serve --workers N` meters through the primary: the store is a SQLite file. */
export function primaryWritesMetering(storeUrl: string | undefined): boolean {
  return !storeUrl || !/^postgres(ql)?:\/\//.test(storeUrl);
}
