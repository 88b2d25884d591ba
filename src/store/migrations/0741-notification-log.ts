import type { Kysely, Migration } from 'kysely';

/** Every notice the platform sent (account e-mails): to whom, what, whether it went out. Never its text. */
export const migration0741NotificationLog: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('notification_log')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('org_id', 'text')
      .addColumn('channel', 'text', (column) => column.notNull())
      .addColumn('kind', 'text', (column) => column.notNull())
      .addColumn('recipient', 'text', (column) => column.notNull())
      .addColumn('subject', 'text', (column) => column.notNull())
      .addColumn('status', 'text', (column) => column.notNull())
      .addColumn('error', 'text')
      .addColumn('created_at', 'bigint', (column) => column.notNull())
      .execute();
    await db.schema.createIndex('notification_log_time').on('notification_log').columns(['created_at']).execute();
    await db.schema
      .createIndex('notification_log_org_time')
      .on('notification_log')
      .columns(['org_id', 'created_at'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('notification_log').execute();
  },
};
