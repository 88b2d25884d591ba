import type { Logger } from 'pino';
import type { UsageWrite } from '../billing/usage-write.ts';
import { UsageWriter } from '../billing/usage-writer.ts';
import { RequestLogWriter } from '../observability/request-log-writer.ts';
import { openStore, type Store } from '../store/database.ts';
import type { RequestBodiesTable, RequestLogTable } from '../store/schema/request-log-tables.ts';

export interface MeteringOwnerOptions {
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
 */
export class MeteringOwner {
  private store: Store | null = null;
  private usage: UsageWriter | null = null;
  private log: RequestLogWriter | null = null;

  constructor(private readonly options: MeteringOwnerOptions) {}

  /** Runs a `metering.*` call of a worker; answer(ok, value) once (writes: after the commit). */
  handle(method: string, args: unknown[], answer: (ok: boolean, value: unknown) => void): void {
    this.open();
    switch (method) {
      case 'metering.write':
        this.usage!.write(args[0] as UsageWrite).then(
          (result) => answer(true, result),
          (error: unknown) => answer(false, (error as Error).message),
        );
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

  /** Commits what is queued and closes the store (after the workers are gone). */
  async close(): Promise<void> {
    if (!this.store) return;
    await this.usage!.drain();
    await this.log?.drain();
    await this.store.close();
    this.store = null;
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
