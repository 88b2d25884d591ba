import type { RequestLogRowSink } from '../observability/request-log-writer.ts';
import type { RequestBodiesTable, RequestLogTable } from '../store/schema/request-log-tables.ts';
import type { PrimaryLink } from './primary-link.ts';

/**
 * A worker's request log on SQLite under `kaiyuan serve --workers N`: rows go to the primary, which
 * writes the rows of every worker in its batches (decision 032), so that no worker takes SQLite's
 * write lock on the request path. Rows leave with the other calls of their event-loop turn and
 * want no answer; like the local writer, the log never holds up or fails an answer.
 */
export class ClusterRequestLogSink implements RequestLogRowSink {
  constructor(private readonly link: PrimaryLink) {}

  add(row: RequestLogTable, body: RequestBodiesTable | null = null): void {
    this.link.tell('metering.log', body ? [row, body] : [row]);
  }

  /** Resolves once the primary has every row sent so far (its writer holds them from then on). */
  async drain(): Promise<void> {
    if (this.link.connected) await this.link.call('metering.received', []).catch(() => undefined);
  }
}
