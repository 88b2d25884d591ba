import type { Kysely, Migration } from 'kysely';

/**
 * Self-service sign-up: verification and approval of users, one-time account tokens (e-mail
 * verification, password reset), invitation codes and the referrals they record.
 */
export const migration0550Signup: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('users')
      .addColumn('self_registered', 'integer', (column) => column.notNull().defaultTo(0))
      .execute();
    await db.schema.alterTable('users').addColumn('email_verified_at', 'bigint').execute();
    await db.schema.alterTable('users').addColumn('approved_at', 'bigint').execute();
    await db.schema
      .createTable('account_tokens')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('token_hash', 'text', (column) => column.notNull().unique())
      .addColumn('user_id', 'text', (column) => column.notNull())
      .addColumn('purpose', 'text', (column) => column.notNull())
      .addColumn('expires_at', 'bigint', (column) => column.notNull())
      .addColumn('used_at', 'bigint')
      .addColumn('created_at', 'bigint', (column) => column.notNull())
      .execute();
    await db.schema.createIndex('account_tokens_user').on('account_tokens').columns(['user_id', 'purpose']).execute();
    await db.schema
      .createTable('invitation_codes')
      .addColumn('code', 'text', (column) => column.primaryKey())
      .addColumn('org_id', 'text', (column) => column.notNull().unique())
      .addColumn('created_at', 'bigint', (column) => column.notNull())
      .execute();
    await db.schema
      .createTable('referrals')
      .addColumn('invitee_org_id', 'text', (column) => column.primaryKey())
      .addColumn('referrer_org_id', 'text', (column) => column.notNull())
      .addColumn('code', 'text', (column) => column.notNull())
      .addColumn('invitee_reward', 'bigint', (column) => column.notNull())
      .addColumn('referrer_reward', 'bigint', (column) => column.notNull())
      .addColumn('created_at', 'bigint', (column) => column.notNull())
      .addColumn('rewarded_at', 'bigint')
      .addColumn('rewarded_by', 'text')
      .execute();
    await db.schema.createIndex('referrals_referrer').on('referrals').columns(['referrer_org_id']).execute();
  },
  async down(db: Kysely<unknown>) {
    for (const table of ['referrals', 'invitation_codes', 'account_tokens']) await db.schema.dropTable(table).execute();
    for (const column of ['approved_at', 'email_verified_at', 'self_registered'])
      await db.schema.alterTable('users').dropColumn(column).execute();
  },
};
