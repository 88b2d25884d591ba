import type { Kysely, Migration } from 'kysely';

/** Whether an API key may send per-request routing overrides (`x-kaiyuan-timeout-ms` and the others). */
export const migration0760KeyRoutingOverrides: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('api_keys')
      .addColumn('routing_overrides', 'integer', (column) => column.notNull().defaultTo(0))
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('api_keys').dropColumn('routing_overrides').execute();
  },
};
