import type { Kysely, Migration } from 'kysely';

/**
 * The schema version of each job's payload: queued payloads outlive deploys, so a worker reads an
 * older payload with the schema of its version and upgrades it. Jobs queued before versions
 * existed are version 1.
 */
export const migration0110JobPayloadVersion: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('jobs')
      .addColumn('payload_version', 'integer', (column) => column.notNull().defaultTo(1))
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('jobs').dropColumn('payload_version').execute();
  },
};
