import type { Kysely, Migration } from 'kysely';

/** Models and deployments managed at run time through the admin API (override kaiyuan.yaml). */
export const migration0050ManagedModels: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('managed_models')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('config', 'text', (column) => column.notNull())
      .addColumn('updated_at', 'bigint', (column) => column.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('managed_models').execute();
  },
};
