import type { UsageWrite, UsageWriteResult, UsageWriting } from '../billing/usage-write.ts';
import { KaiyuanError } from '../util/errors.ts';
import type { PrimaryLink } from './primary-link.ts';

/**
 * A worker's metering on SQLite under `kaiyuan serve --workers N`: the primary is the server's one
 * writer of usage records and their ledger debits (decision 032). A write travels with the other
 * calls of its event-loop turn in one IPC message; the primary commits the writes of every worker
 * together (group commit) and answers each only after its transaction has committed, so the caller
 * may then let the answer's last bytes go out, exactly as with a local writer. If the primary is
 * gone, the write fails: the answer is not completed, nothing unbilled is delivered.
 */
export class ClusterUsageWriter implements UsageWriting {
  private readonly open = new Set<Promise<unknown>>();

  constructor(private readonly link: PrimaryLink) {}

  write(write: UsageWrite): Promise<UsageWriteResult> {
    const pending = this.link.call<UsageWriteResult>('metering.write', [write]).catch((error: unknown) => {
      throw new KaiyuanError(
        'metering_failed',
        `The usage record could not be committed: ${(error as Error).message}`,
        {
          status: 503,
          type: 'server_error',
          retryable: true,
        },
      );
    });
    this.open.add(pending);
    const forget = () => this.open.delete(pending);
    pending.then(forget, forget);
    return pending;
  }

  /** Resolves when every write sent so far is committed (or failed). */
  async drain(): Promise<void> {
    while (this.open.size > 0) await Promise.allSettled([...this.open]);
  }
}
