import { afterEach, describe, expect, it } from 'vitest';
import { openMigrationStore, type MigrationStore } from '../../../test/support/migration-store.ts';
import { storeKinds } from '../../../test/support/test-store.ts';
import { usageRecord } from '../../../test/support/usage-record.ts';

describe.each(storeKinds)('migration 0711 on %s', (kind) => {
  let opened: MigrationStore | undefined;
  afterEach(async () => {
    await opened?.close();
    opened = undefined;
  });

  it('gives usage records the log fields, and down puts carried entries back as request log rows', async () => {
    opened = await openMigrationStore(kind);
    const { store, migrator } = opened;
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    const requestId = 'req_0mibh2u00AbCdEfGhIjKlMnOpQrStUvW';
    await store.db
      .insertInto('usage_records')
      .values([
        {
          ...usageRecord(requestId, 700),
          created_at: 1_764_547_200_000,
          upstream_cost: 300,
          log_http_status: 200,
          log_attempts: 2,
          log_deployments_tried: 'a@p,d',
          log_error_detail: null,
          log_client_request_id: 'client-1',
          log_client_ip: '192.0.2.1',
        },
        // No entry carried: stays a usage record only.
        usageRecord('req_0mibh2u01ZzZzZzZzZzZzZzZzZzZzZzZz', 1),
      ])
      .execute();
    expect((await migrator.migrateTo('0710-request-log')).error).toBeUndefined();
    const rows = await store.db.selectFrom('request_log').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect({
      ...rows[0],
      created_at: Number(rows[0]!.created_at),
      latency_ms: Number(rows[0]!.latency_ms),
      prompt_tokens: Number(rows[0]!.prompt_tokens),
      completion_tokens: Number(rows[0]!.completion_tokens),
      cached_tokens: Number(rows[0]!.cached_tokens),
      reasoning_tokens: Number(rows[0]!.reasoning_tokens),
      ttft_ms: Number(rows[0]!.ttft_ms),
      upstream_cost: Number(rows[0]!.upstream_cost),
    }).toEqual({
      id: 'rl_0mibh2u00AbCdEfGhIjKlMnOpQrStUvW',
      request_id: requestId,
      client_request_id: 'client-1',
      created_at: 1_764_547_200_000,
      org_id: 'org_1',
      key_id: 'key_1',
      user_id: null,
      endpoint: 'chat',
      model: 'sim-chat',
      channel: 'p',
      deployment_id: 'd',
      deployments_tried: 'a@p,d',
      status: 'completed',
      http_status: 200,
      error_code: null,
      error_detail: null,
      latency_ms: 5,
      ttft_ms: 5,
      attempts: 2,
      prompt_tokens: 10,
      cached_tokens: 0,
      completion_tokens: 20,
      reasoning_tokens: 0,
      upstream_cost: 300,
      client_ip: '192.0.2.1',
    });
    expect(await store.db.selectFrom('usage_records').select('request_id').execute()).toHaveLength(2);
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
  });
});
