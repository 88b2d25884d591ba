import type { Kysely, Migration } from 'kysely';

/** Jobs, datasets and their immutable versions (data workbench). */
export const migration0100DataWorkbench: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('jobs')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('org_id', 'text', (column) => column.notNull())
      .addColumn('type', 'text', (column) => column.notNull())
      .addColumn('status', 'text', (column) => column.notNull())
      .addColumn('payload', 'text', (column) => column.notNull())
      .addColumn('percent', 'double precision', (column) => column.notNull().defaultTo(0))
      .addColumn('items_done', 'bigint', (column) => column.notNull().defaultTo(0))
      .addColumn('items_total', 'bigint')
      .addColumn('items_per_second', 'double precision', (column) => column.notNull().defaultTo(0))
      .addColumn('eta_ms', 'bigint')
      .addColumn('stage', 'text')
      .addColumn('result', 'text')
      .addColumn('error', 'text')
      .addColumn('cancel_requested', 'integer', (column) => column.notNull().defaultTo(0))
      .addColumn('created_at', 'bigint', (column) => column.notNull())
      .addColumn('started_at', 'bigint')
      .addColumn('finished_at', 'bigint')
      .addColumn('updated_at', 'bigint', (column) => column.notNull())
      .execute();
    await db.schema.createIndex('jobs_org_created').on('jobs').columns(['org_id', 'created_at']).execute();

    await db.schema
      .createTable('datasets')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('org_id', 'text', (column) => column.notNull())
      .addColumn('name', 'text', (column) => column.notNull())
      .addColumn('description', 'text', (column) => column.notNull().defaultTo(''))
      .addColumn('latest_version', 'integer', (column) => column.notNull().defaultTo(0))
      .addColumn('created_at', 'bigint', (column) => column.notNull())
      .addColumn('updated_at', 'bigint', (column) => column.notNull())
      .addUniqueConstraint('datasets_org_name', ['org_id', 'name'])
      .execute();

    await db.schema
      .createTable('dataset_versions')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('dataset_id', 'text', (column) => column.notNull().references('datasets.id').onDelete('cascade'))
      .addColumn('org_id', 'text', (column) => column.notNull())
      .addColumn('version', 'integer', (column) => column.notNull())
      .addColumn('parent_version', 'integer')
      .addColumn('kind', 'text', (column) => column.notNull())
      .addColumn('recipe', 'text')
      .addColumn('source', 'text', (column) => column.notNull())
      .addColumn('record_count', 'bigint', (column) => column.notNull())
      .addColumn('text_bytes', 'bigint', (column) => column.notNull())
      .addColumn('file_path', 'text', (column) => column.notNull())
      .addColumn('statistics', 'text', (column) => column.notNull())
      .addColumn('samples', 'text', (column) => column.notNull())
      .addColumn('job_id', 'text')
      .addColumn('created_at', 'bigint', (column) => column.notNull())
      .addUniqueConstraint('dataset_versions_dataset_version', ['dataset_id', 'version'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('dataset_versions').execute();
    await db.schema.dropTable('datasets').execute();
    await db.schema.dropTable('jobs').execute();
  },
};
