import type { UsageWrite, UsageWriteResult, UsageWriting } from '../billing/usage-write.ts';
import { settledSpend, type Settlement } from '../limits/combined-counters.ts';
import { KaiyuanError } from '../util/errors.ts';
import { clusterFeatures } from './cluster-messages.ts';
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
    return this.send('metering.write', [write]);
  }

  /**
   * The write with the request's settlement, when the primary also owns the counters (no Redis):
   * it applies the budget commit and the token true-ups once the write has committed or failed,
   * before answering — one step less per request than sending them after the answer (decision 039).
   * Under a primary of an earlier version, the worker sends them itself after the write.
   */
  async writeAndSettle(write: UsageWrite, _alone: boolean, settlement: Settlement): Promise<UsageWriteResult> {
    if (this.link.supports(clusterFeatures.settle)) return this.send(clusterFeatures.settle, [write, settlement]);
    let result: UsageWriteResult | null = null;
    try {
      result = await this.write(write);
      return result;
    } finally {
      const budget = settlement.budget;
      if (budget) this.link.tell('budgets.commit', [budget.key, budget.hold, settledSpend(budget.spent, result)]);
      if (settlement.adjustments.length > 0) this.link.tell('limits.adjust', [settlement.adjustments]);
    }
  }

  /** Resolves when every write sent so far is committed (or failed). */
  async drain(): Promise<void> {
    while (this.open.size > 0) await Promise.allSettled([...this.open]);
  }

  private send(method: string, args: unknown[]): Promise<UsageWriteResult> {
    const pending = this.link.call<UsageWriteResult>(method, args).catch((error: unknown) => {
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
}
