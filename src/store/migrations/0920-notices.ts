import type { Kysely, Migration } from 'kysely';

/**
 * Notices by e-mail: each user's language (the notices are written in it; null: both), and the
 * marks that make a quota notice go out once per organization, period and level across replicas.
 */
export const migration0920Notices: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('users').addColumn('locale', 'text').execute();
    await db.schema
      .createTable('notice_marks')
      .addColumn('key', 'text', (column) => column.primaryKey())
      .addColumn('org_id', 'text', (column) => column.notNull())
      .addColumn('created_at', 'bigint', (column) => column.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('notice_marks').execute();
    await db.schema.alterTable('users').dropColumn('locale').execute();
  },
};
