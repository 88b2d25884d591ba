import type { Kysely, Migration } from 'kysely';

/**
 * The request log: one row per request the gateway handled (served, failed or refused), written in
 * batches off the hot path; price figures come from the usage record of the same request id. Bodies
 * of organizations that opted in live in their own table with their own retention.
 */
export const migration0710RequestLog: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('request_log')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('request_id', 'text', (column) => column.notNull())
      .addColumn('client_request_id', 'text')
      .addColumn('created_at', 'bigint', (column) => column.notNull())
      .addColumn('org_id', 'text')
      .addColumn('key_id', 'text')
      .addColumn('user_id', 'text')
      .addColumn('endpoint', 'text', (column) => column.notNull())
      .addColumn('model', 'text', (column) => column.notNull())
      .addColumn('channel', 'text')
      .addColumn('deployment_id', 'text')
      .addColumn('deployments_tried', 'text')
      .addColumn('status', 'text', (column) => column.notNull())
      .addColumn('http_status', 'integer', (column) => column.notNull())
      .addColumn('error_code', 'text')
      .addColumn('error_detail', 'text')
      .addColumn('latency_ms', 'bigint', (column) => column.notNull())
      .addColumn('ttft_ms', 'bigint')
      .addColumn('attempts', 'integer', (column) => column.notNull())
      .addColumn('prompt_tokens', 'bigint', (column) => column.notNull())
      .addColumn('cached_tokens', 'bigint', (column) => column.notNull())
      .addColumn('completion_tokens', 'bigint', (column) => column.notNull())
      .addColumn('reasoning_tokens', 'bigint', (column) => column.notNull())
      .addColumn('upstream_cost', 'bigint')
      .addColumn('client_ip', 'text')
      .execute();
    await db.schema.createIndex('request_log_by_time').on('request_log').columns(['created_at']).execute();
    await db.schema.createIndex('request_log_org_time').on('request_log').columns(['org_id', 'created_at']).execute();
    await db.schema.createIndex('request_log_request').on('request_log').columns(['request_id']).execute();
    await db.schema
      .createTable('request_bodies')
      .addColumn('log_id', 'text', (column) => column.primaryKey())
      .addColumn('request_id', 'text', (column) => column.notNull())
      .addColumn('org_id', 'text')
      .addColumn('created_at', 'bigint', (column) => column.notNull())
      .addColumn('request_body', 'text')
      .addColumn('response_body', 'text')
      .execute();
    await db.schema.createIndex('request_bodies_by_time').on('request_bodies').columns(['created_at']).execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('request_bodies').execute();
    await db.schema.dropTable('request_log').execute();
  },
};
