/** The notification log (see migrations/0741-notification-log.ts). */

export interface NotificationLogTable {
  id: string;
  /** The organization the notice concerns (null: none known). */
  org_id: string | null;
  /** email (SMS and webhooks would be further channels). */
  channel: string;
  /** verify_email | reset_password | … */
  kind: string;
  recipient: string;
  subject: string;
  /** sent | failed */
  status: string;
  /** Why sending failed (the transport's message; never credentials or the notice's text). */
  error: string | null;
  created_at: number;
}

/** One notice sent once (migration 0920): `quota:<org>:<period>:<level>`; the insert that wins sends it. */
export interface NoticeMarksTable {
  key: string;
  org_id: string;
  created_at: number;
}

export interface NotificationTables {
  notification_log: NotificationLogTable;
  notice_marks: NoticeMarksTable;
}
