import { sql, type Kysely, type Migration } from 'kysely';

/**
 * The operator's own (house) organization, whose usage is recorded but not charged, and the
 * low-balance notice each organization can set (threshold in nano-units, when it was last sent).
 */
export const migration0800ConsoleOrganizations: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('organizations')
      .addColumn('house', 'integer', (column) => column.notNull().defaultTo(0))
      .execute();
    await db.schema.alterTable('organizations').addColumn('low_balance_threshold', 'bigint').execute();
    await db.schema.alterTable('organizations').addColumn('low_balance_notified_at', 'bigint').execute();
    // Platforms set up before: the organizations of their operators are the house organizations.
    await sql`update organizations set house = 1 where id in (select org_id from users where is_operator = 1)`.execute(
      db,
    );
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('organizations').dropColumn('low_balance_notified_at').execute();
    await db.schema.alterTable('organizations').dropColumn('low_balance_threshold').execute();
    await db.schema.alterTable('organizations').dropColumn('house').execute();
  },
};
