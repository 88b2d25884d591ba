import type { Store } from '../../store/database.ts';
import type { NotificationLogTable } from '../../store/schema/notification-tables.ts';
import { newId } from '../../util/ids.ts';
import type { Mailer } from './mailer.ts';

export interface NotificationEntry {
  id: string;
  orgId: string | null;
  channel: string;
  kind: string;
  recipient: string;
  subject: string;
  status: 'sent' | 'failed';
  error: string | null;
  createdAt: number;
}

export interface NotificationFilter {
  /** Only this organization's notices (null or absent: all, for the operator). */
  orgId?: string | null;
  status?: 'sent' | 'failed';
  /** A recipient address, exactly (case-insensitive). */
  recipient?: string;
  /** Only notices before this time (paging back). */
  before?: number;
  limit?: number;
}

function toEntry(row: NotificationLogTable): NotificationEntry {
  return {
    id: row.id,
    orgId: row.org_id,
    channel: row.channel,
    kind: row.kind,
    recipient: row.recipient,
    subject: row.subject,
    status: row.status === 'failed' ? 'failed' : 'sent',
    error: row.error,
    createdAt: Number(row.created_at),
  };
}

/** What the platform sent and whether it went out: recipient, subject and kind, never the text (it holds one-time links). */
export class NotificationLog {
  constructor(private readonly store: Store) {}

  async record(entry: Omit<NotificationEntry, 'id' | 'createdAt'>, now = Date.now()): Promise<void> {
    await this.store.db
      .insertInto('notification_log')
      .values({
        id: newId('ntf'),
        org_id: entry.orgId,
        channel: entry.channel,
        kind: entry.kind,
        recipient: entry.recipient.toLowerCase(),
        subject: entry.subject.slice(0, 300),
        status: entry.status,
        error: entry.error?.slice(0, 500) ?? null,
        created_at: now,
      })
      .execute();
  }

  async list(filter: NotificationFilter = {}): Promise<NotificationEntry[]> {
    let query = this.store.db.selectFrom('notification_log').selectAll();
    if (filter.orgId) query = query.where('org_id', '=', filter.orgId);
    if (filter.status) query = query.where('status', '=', filter.status);
    if (filter.recipient) query = query.where('recipient', '=', filter.recipient.toLowerCase());
    if (filter.before !== undefined) query = query.where('created_at', '<', filter.before);
    const rows = await query
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(Math.min(filter.limit ?? 100, 500))
      .execute();
    return rows.map(toEntry);
  }
}

/**
 * A mailer that writes every send to the notification log: `sent`, or `failed` with the
 * transport's message (the failure still reaches the caller). A log write that fails does not
 * stop the mail.
 */
export function loggedMailer(mailer: Mailer, log: NotificationLog, onLogError?: (error: unknown) => void): Mailer {
  const note = (mail: Parameters<Mailer['send']>[0], status: 'sent' | 'failed', error: string | null) =>
    log
      .record({
        orgId: mail.orgId ?? null,
        channel: 'email',
        kind: mail.kind ?? 'email',
        recipient: mail.to,
        subject: mail.subject,
        status,
        error,
      })
      .catch((failure: unknown) => onLogError?.(failure));
  return {
    async send(mail) {
      try {
        await mailer.send(mail);
      } catch (error) {
        await note(mail, 'failed', error instanceof Error ? error.message : String(error));
        throw error;
      }
      await note(mail, 'sent', null);
    },
    close: () => mailer.close(),
  };
}
