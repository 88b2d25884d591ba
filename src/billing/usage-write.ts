import type { UsageRecordsTable } from '../store/schema/billing-tables.ts';

export interface UsageWrite {
  record: UsageRecordsTable;
  /** Tokens to count against the monthly grant of record.org_id for `grantPeriod`. */
  grantTokens: number;
  grantPeriod: string;
  /** What to draw from a package subscription (tokens or credit in nano-units), capped at what is left. */
  packageDraw?: { subscriptionId: string; tokens: number; credit: number } | null;
}

export interface UsageWriteResult {
  /** False when a record with this request id already existed (nothing was written). */
  written: boolean;
  /** What was actually debited (the record's charged). */
  charged: number;
}

/**
 * What the gatekeeper meters through: the store's group-commit writer in one process, or the
 * primary's one writer for all workers (`kaiyuan serve --workers N` on SQLite). `write` resolves
 * only once the write is committed; `drain` once everything written so far is.
 */
export interface UsageWriting {
  write(write: UsageWrite, alone?: boolean): Promise<UsageWriteResult>;
  drain(): Promise<void>;
}
