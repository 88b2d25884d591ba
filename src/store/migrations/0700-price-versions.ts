import type { Kysely, Migration } from 'kysely';

/**
 * Versioned prices, plans and pricing rules; usage records keep the version that priced them,
 * their upstream cost, cache-write tokens and the plan they were served under (margin reports).
 */
export const migration0700PriceVersions: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('price_versions')
      .addColumn('id', 'integer', (column) => column.primaryKey())
      .addColumn('created_at', 'bigint', (column) => column.notNull())
      .addColumn('actor', 'text', (column) => column.notNull())
      .addColumn('note', 'text')
      .addColumn('document', 'text', (column) => column.notNull())
      .addColumn('overlay', 'text', (column) => column.notNull())
      .addColumn('fingerprint', 'text', (column) => column.notNull())
      .execute();
    await db.schema
      .alterTable('usage_records')
      .addColumn('cache_write_tokens', 'integer', (column) => column.notNull().defaultTo(0))
      .execute();
    await db.schema.alterTable('usage_records').addColumn('price_version', 'integer').execute();
    await db.schema.alterTable('usage_records').addColumn('upstream_cost', 'bigint').execute();
    await db.schema.alterTable('usage_records').addColumn('plan_id', 'text').execute();
  },
  async down(db: Kysely<unknown>) {
    for (const column of ['plan_id', 'upstream_cost', 'price_version', 'cache_write_tokens'])
      await db.schema.alterTable('usage_records').dropColumn(column).execute();
    await db.schema.dropTable('price_versions').execute();
  },
};
