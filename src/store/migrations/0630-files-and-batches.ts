import type { Kysely, Migration } from 'kysely';

/**
 * Files (`/v1/files`), batches (`/v1/batches`) and one stored result per batch line; usage
 * records say which batch a request belonged to (the batch discount applies to them).
 */
export const migration0630FilesAndBatches: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('files')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('org_id', 'text', (column) => column.notNull())
      .addColumn('purpose', 'text', (column) => column.notNull())
      .addColumn('filename', 'text', (column) => column.notNull())
      .addColumn('bytes', 'bigint', (column) => column.notNull())
      .addColumn('line_count', 'integer', (column) => column.notNull())
      .addColumn('content', 'text', (column) => column.notNull())
      .addColumn('created_at', 'bigint', (column) => column.notNull())
      .addColumn('expires_at', 'bigint')
      .execute();
    await db.schema.createIndex('files_org_created').on('files').columns(['org_id', 'created_at']).execute();

    await db.schema
      .createTable('batches')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('org_id', 'text', (column) => column.notNull())
      .addColumn('principal', 'text', (column) => column.notNull())
      .addColumn('endpoint', 'text', (column) => column.notNull())
      .addColumn('input_file_id', 'text', (column) => column.notNull())
      .addColumn('completion_window', 'text', (column) => column.notNull())
      .addColumn('status', 'text', (column) => column.notNull())
      .addColumn('output_file_id', 'text')
      .addColumn('error_file_id', 'text')
      .addColumn('errors', 'text')
      .addColumn('metadata', 'text')
      .addColumn('total', 'integer', (column) => column.notNull())
      .addColumn('completed', 'integer', (column) => column.notNull().defaultTo(0))
      .addColumn('failed', 'integer', (column) => column.notNull().defaultTo(0))
      .addColumn('created_at', 'bigint', (column) => column.notNull())
      .addColumn('expires_at', 'bigint', (column) => column.notNull())
      .addColumn('in_progress_at', 'bigint')
      .addColumn('finalizing_at', 'bigint')
      .addColumn('completed_at', 'bigint')
      .addColumn('failed_at', 'bigint')
      .addColumn('expired_at', 'bigint')
      .addColumn('cancelling_at', 'bigint')
      .addColumn('cancelled_at', 'bigint')
      .addColumn('lease_owner', 'text')
      .addColumn('lease_until', 'bigint', (column) => column.notNull().defaultTo(0))
      .addColumn('updated_at', 'bigint', (column) => column.notNull())
      .execute();
    await db.schema.createIndex('batches_org_created').on('batches').columns(['org_id', 'created_at']).execute();
    await db.schema.createIndex('batches_status').on('batches').columns(['status', 'lease_until']).execute();

    await db.schema
      .createTable('batch_results')
      .addColumn('batch_id', 'text', (column) => column.notNull())
      .addColumn('line_index', 'integer', (column) => column.notNull())
      .addColumn('succeeded', 'integer', (column) => column.notNull())
      .addColumn('line', 'text', (column) => column.notNull())
      .addColumn('created_at', 'bigint', (column) => column.notNull())
      .addPrimaryKeyConstraint('batch_results_pk', ['batch_id', 'line_index'])
      .execute();

    await db.schema.alterTable('usage_records').addColumn('batch_id', 'text').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('usage_records').dropColumn('batch_id').execute();
    await db.schema.dropTable('batch_results').execute();
    await db.schema.dropTable('batches').execute();
    await db.schema.dropTable('files').execute();
  },
};
