import type { Kysely, Migration } from 'kysely';
import { sql } from 'kysely';

/** Balances, the append-only ledger, usage records, monthly grant counters, redemption codes. */
export const migration0003Billing: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('org_balances')
      .addColumn('org_id', 'text', (column) => column.primaryKey())
      .addColumn('balance', 'bigint', (column) => column.notNull().check(sqlNonNegative('balance')))
      .addColumn('spent_total', 'bigint', (column) => column.notNull())
      .addColumn('updated_at', 'bigint', (column) => column.notNull())
      .execute();
    await db.schema
      .createTable('ledger_entries')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('org_id', 'text', (column) => column.notNull())
      .addColumn('kind', 'text', (column) => column.notNull())
      .addColumn('amount', 'bigint', (column) => column.notNull())
      .addColumn('balance_after', 'bigint', (column) => column.notNull())
      .addColumn('idempotency_key', 'text', (column) => column.notNull().unique())
      .addColumn('description', 'text', (column) => column.notNull())
      .addColumn('created_at', 'bigint', (column) => column.notNull())
      .execute();
    await db.schema
      .createIndex('ledger_entries_org_time')
      .on('ledger_entries')
      .columns(['org_id', 'created_at'])
      .execute();
    await db.schema
      .createTable('usage_records')
      .addColumn('request_id', 'text', (column) => column.primaryKey())
      .addColumn('org_id', 'text')
      .addColumn('key_id', 'text')
      .addColumn('user_id', 'text')
      .addColumn('endpoint', 'text', (column) => column.notNull())
      .addColumn('model', 'text', (column) => column.notNull())
      .addColumn('deployment_id', 'text')
      .addColumn('provider', 'text')
      .addColumn('prompt_tokens', 'bigint', (column) => column.notNull())
      .addColumn('cached_tokens', 'bigint', (column) => column.notNull())
      .addColumn('completion_tokens', 'bigint', (column) => column.notNull())
      .addColumn('reasoning_tokens', 'bigint', (column) => column.notNull())
      .addColumn('cost', 'bigint', (column) => column.notNull())
      .addColumn('charged', 'bigint', (column) => column.notNull())
      .addColumn('funding', 'text', (column) => column.notNull())
      .addColumn('latency_ms', 'bigint', (column) => column.notNull())
      .addColumn('ttft_ms', 'bigint')
      .addColumn('status', 'text', (column) => column.notNull())
      .addColumn('estimated', 'integer', (column) => column.notNull())
      .addColumn('error_code', 'text')
      .addColumn('created_at', 'bigint', (column) => column.notNull())
      .execute();
    await db.schema
      .createIndex('usage_records_org_time')
      .on('usage_records')
      .columns(['org_id', 'created_at'])
      .execute();
    await db.schema
      .createTable('grant_usage')
      .addColumn('org_id', 'text', (column) => column.notNull())
      .addColumn('period', 'text', (column) => column.notNull())
      .addColumn('tokens', 'bigint', (column) => column.notNull())
      .addPrimaryKeyConstraint('grant_usage_pk', ['org_id', 'period'])
      .execute();
    await db.schema
      .createTable('redemption_codes')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('code_hash', 'text', (column) => column.notNull().unique())
      .addColumn('batch_id', 'text', (column) => column.notNull())
      .addColumn('amount', 'bigint', (column) => column.notNull())
      .addColumn('created_at', 'bigint', (column) => column.notNull())
      .addColumn('expires_at', 'bigint')
      .addColumn('redeemed_org_id', 'text')
      .addColumn('redeemed_at', 'bigint')
      .execute();
  },
  async down(db: Kysely<unknown>) {
    for (const table of ['redemption_codes', 'grant_usage', 'usage_records', 'ledger_entries', 'org_balances']) {
      await db.schema.dropTable(table).execute();
    }
  },
};

function sqlNonNegative(column: string) {
  return sql`${sql.ref(column)} >= 0`;
}
