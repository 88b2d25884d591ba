import type { Kysely, Migration } from 'kysely';

/** Online top-up: orders, every provider notification received (credited or not), refunds. */
export const migration0500Payments: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('payment_orders')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('org_id', 'text', (column) => column.notNull())
      .addColumn('provider', 'text', (column) => column.notNull())
      .addColumn('amount_minor', 'bigint', (column) => column.notNull())
      .addColumn('currency', 'text', (column) => column.notNull())
      .addColumn('state', 'text', (column) => column.notNull())
      .addColumn('idempotency_key', 'text', (column) => column.notNull())
      .addColumn('provider_reference', 'text')
      .addColumn('provider_payment_id', 'text')
      .addColumn('checkout', 'text', (column) => column.notNull().defaultTo('{}'))
      .addColumn('credited_nano', 'bigint', (column) => column.notNull().defaultTo(0))
      .addColumn('refunded_minor', 'bigint', (column) => column.notNull().defaultTo(0))
      .addColumn('ledger_entry_id', 'text')
      .addColumn('paid_late', 'integer', (column) => column.notNull().defaultTo(0))
      .addColumn('created_by', 'text')
      .addColumn('created_at', 'bigint', (column) => column.notNull())
      .addColumn('expires_at', 'bigint', (column) => column.notNull())
      .addColumn('paid_at', 'bigint')
      .addColumn('credited_at', 'bigint')
      .addColumn('updated_at', 'bigint', (column) => column.notNull())
      .addUniqueConstraint('payment_orders_org_idempotency', ['org_id', 'idempotency_key'])
      .execute();
    await db.schema
      .createIndex('payment_orders_org_time')
      .on('payment_orders')
      .columns(['org_id', 'created_at'])
      .execute();
    await db.schema
      .createIndex('payment_orders_state_time')
      .on('payment_orders')
      .columns(['state', 'created_at'])
      .execute();
    await db.schema
      .createTable('payment_events')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('provider', 'text', (column) => column.notNull())
      .addColumn('provider_event_id', 'text')
      .addColumn('order_id', 'text')
      .addColumn('outcome', 'text', (column) => column.notNull())
      .addColumn('detail', 'text', (column) => column.notNull())
      .addColumn('received_at', 'bigint', (column) => column.notNull())
      .execute();
    await db.schema
      .createIndex('payment_events_order')
      .on('payment_events')
      .columns(['order_id', 'received_at'])
      .execute();
    await db.schema
      .createTable('payment_refunds')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('order_id', 'text', (column) => column.notNull())
      .addColumn('org_id', 'text', (column) => column.notNull())
      .addColumn('amount_minor', 'bigint', (column) => column.notNull())
      .addColumn('amount_nano', 'bigint', (column) => column.notNull())
      .addColumn('provider_refund_id', 'text')
      .addColumn('state', 'text', (column) => column.notNull())
      .addColumn('reason', 'text', (column) => column.notNull().defaultTo(''))
      .addColumn('ledger_entry_id', 'text')
      .addColumn('created_by', 'text')
      .addColumn('created_at', 'bigint', (column) => column.notNull())
      .execute();
    await db.schema.createIndex('payment_refunds_order').on('payment_refunds').columns(['order_id']).execute();
  },
  async down(db: Kysely<unknown>) {
    for (const table of ['payment_refunds', 'payment_events', 'payment_orders'])
      await db.schema.dropTable(table).execute();
  },
};
