import type { Kysely, Migration } from 'kysely';

/** A payment order may buy a package: the package it activates once credited (null: a top-up). */
export const migration0740PackageOrders: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('payment_orders').addColumn('package_id', 'text').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('payment_orders').dropColumn('package_id').execute();
  },
};
