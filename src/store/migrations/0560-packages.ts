import type { Kysely, Migration } from 'kysely';

/** Packages (prepaid bundles of tokens or credit) and the subscriptions organizations hold. */
export const migration0560Packages: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('packages')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('name', 'text', (column) => column.notNull())
      .addColumn('price', 'bigint', (column) => column.notNull())
      .addColumn('credit', 'bigint', (column) => column.notNull())
      .addColumn('tokens', 'bigint', (column) => column.notNull())
      .addColumn('validity_days', 'integer', (column) => column.notNull())
      .addColumn('models', 'text', (column) => column.notNull())
      .addColumn('plan_id', 'text')
      .addColumn('limits', 'text', (column) => column.notNull())
      .addColumn('enabled', 'integer', (column) => column.notNull())
      .addColumn('created_at', 'bigint', (column) => column.notNull())
      .execute();
    await db.schema
      .createTable('subscriptions')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('org_id', 'text', (column) => column.notNull())
      .addColumn('package_id', 'text', (column) => column.notNull())
      .addColumn('credit_left', 'bigint', (column) => column.notNull())
      .addColumn('tokens_left', 'bigint', (column) => column.notNull())
      .addColumn('starts_at', 'bigint', (column) => column.notNull())
      .addColumn('expires_at', 'bigint', (column) => column.notNull())
      .addColumn('auto_renew', 'integer', (column) => column.notNull())
      .addColumn('state', 'text', (column) => column.notNull())
      .addColumn('purchase_key', 'text', (column) => column.notNull().unique())
      .addColumn('created_at', 'bigint', (column) => column.notNull())
      .execute();
    await db.schema
      .createIndex('subscriptions_org_state')
      .on('subscriptions')
      .columns(['org_id', 'state', 'expires_at'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('subscriptions').execute();
    await db.schema.dropTable('packages').execute();
  },
};
