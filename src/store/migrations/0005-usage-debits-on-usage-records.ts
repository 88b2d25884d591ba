import { sql, type Kysely, type Migration } from 'kysely';
import { atomicallyOnSqlite } from './atomically-on-sqlite.ts';

/**
 * The ledger as one view over both places an entry can live (decision 045): entries other than
 * usage debits in `ledger_entries`, and usage debits on their usage records (`charged`, with the
 * balance after it in `balance_after`; null when the request debited nothing). A usage debit's id is
 * its request id, its idempotency key `usage:<request id>`, its description spelled as the writers
 * spelled it. Read-only: writers post to `ledger_entries` or write the usage record.
 */
const ledgerView = sql`create view ledger as
  select id, org_id, kind, amount, balance_after, idempotency_key, description, created_at from ledger_entries
  union all
  select request_id, org_id, 'usage_debit', -charged, balance_after, 'usage:' || request_id,
    model || ' ' || cast(prompt_tokens as text) || '+' || cast(completion_tokens as text) || ' tokens (' || request_id || ')',
    created_at
  from usage_records where balance_after is not null`;

/**
 * Usage debits move from `ledger_entries` onto the usage records they debit for. A metered request
 * wrote two rows in the commit its answer waits for; now it writes one (decision 045). Existing
 * debits move when their usage record exists (the writers always wrote both in one transaction); a
 * debit without one, if any, stays in `ledger_entries` and the view still shows it once.
 */
export const migration0005UsageDebitsOnUsageRecords: Migration = {
  async up(db: Kysely<unknown>) {
    await atomicallyOnSqlite(db, async () => {
      await db.schema.alterTable('usage_records').addColumn('balance_after', 'bigint').execute();
      await sql`update usage_records set balance_after = ledger_entries.balance_after from ledger_entries
        where ledger_entries.idempotency_key = 'usage:' || usage_records.request_id`.execute(db);
      // substr(…, 7) is the request id after `usage:`: a lookup by the usage records' key.
      await sql`delete from ledger_entries where kind = 'usage_debit' and exists (
          select 1 from usage_records
          where usage_records.request_id = substr(ledger_entries.idempotency_key, 7)
            and usage_records.balance_after is not null)`.execute(db);
      await ledgerView.execute(db);
    });
  },
  async down(db: Kysely<unknown>) {
    await atomicallyOnSqlite(db, async () => {
      await sql`drop view ledger`.execute(db);
      await sql`insert into ledger_entries (id, org_id, kind, amount, balance_after, idempotency_key, description, created_at)
        select request_id, org_id, 'usage_debit', -charged, balance_after, 'usage:' || request_id,
          model || ' ' || cast(prompt_tokens as text) || '+' || cast(completion_tokens as text) || ' tokens (' || request_id || ')',
          created_at
        from usage_records where balance_after is not null`.execute(db);
      await db.schema.alterTable('usage_records').dropColumn('balance_after').execute();
    });
  },
};
