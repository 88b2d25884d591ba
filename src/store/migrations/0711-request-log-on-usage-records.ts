import { sql, type Kysely, type Migration } from 'kysely';
import { atomicallyOnSqlite } from './atomically-on-sqlite.ts';

/** The request log's own columns, carried by a usage record for its request's log entry (decision 047). */
const logColumns = [
  ['log_http_status', 'integer'],
  ['log_attempts', 'integer'],
  ['log_deployments_tried', 'text'],
  ['log_error_detail', 'text'],
  ['log_client_request_id', 'text'],
  ['log_client_ip', 'text'],
] as const;

/**
 * A metered request's request-log entry lives on its usage record (decision 047): the record
 * already holds the request's identity, model, deployment, status, tokens, latency and upstream
 * cost, and gains the few columns only the log has. `log_http_status` is not null exactly when the
 * record carries an entry (the pruner clears these columns past the log's retention). Nothing is
 * moved: rows already in `request_log` stay there, and the reader reads both places.
 */
export const migration0711RequestLogOnUsageRecords: Migration = {
  async up(db: Kysely<unknown>) {
    await atomicallyOnSqlite(db, async () => {
      for (const [name, type] of logColumns)
        await db.schema.alterTable('usage_records').addColumn(name, type).execute();
    });
  },
  async down(db: Kysely<unknown>) {
    await atomicallyOnSqlite(db, async () => {
      // Entries carried by usage records go back to the request log as rows of their own.
      await sql`insert into request_log (id, request_id, client_request_id, created_at, org_id, key_id, user_id,
          endpoint, model, channel, deployment_id, deployments_tried, status, http_status, error_code, error_detail,
          latency_ms, ttft_ms, attempts, prompt_tokens, cached_tokens, completion_tokens, reasoning_tokens,
          upstream_cost, client_ip)
        select 'rl_' || substr(request_id, 5), request_id, log_client_request_id, created_at, org_id, key_id, user_id,
          endpoint, model, provider, deployment_id, log_deployments_tried, status, log_http_status, error_code,
          log_error_detail, latency_ms, ttft_ms, log_attempts, prompt_tokens, cached_tokens, completion_tokens,
          reasoning_tokens, upstream_cost, log_client_ip
        from usage_records where log_http_status is not null`.execute(db);
      for (const [name] of logColumns) await db.schema.alterTable('usage_records').dropColumn(name).execute();
    });
  },
};
