import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { usageRecord as record } from '../../test/support/usage-record.ts';
import type { RequestLogTable } from '../store/schema/request-log-tables.ts';
import { openStore } from '../store/database.ts';
import { migrateToLatest } from '../store/migrate.ts';
import { createLogger } from '../util/logger.ts';
import type { CallFrame, ResultFrame } from './cluster-messages.ts';
import { ClusterRequestLogSink } from './cluster-request-log-sink.ts';
import { ClusterUsageWriter } from './cluster-usage-writer.ts';
import { MeteringOwner, primaryWritesMetering } from './metering-owner.ts';
import { PrimaryLink } from './primary-link.ts';

function logRow(id: string): RequestLogTable {
  return {
    id,
    request_id: `req_${id}`,
    client_request_id: null,
    created_at: Date.now(),
    org_id: 'org_1',
    key_id: 'key_1',
    user_id: null,
    endpoint: 'chat',
    model: 'sim-chat',
    channel: 'p',
    deployment_id: 'd',
    deployments_tried: 'd',
    status: 'completed',
    http_status: 200,
    error_code: null,
    error_detail: null,
    latency_ms: 5,
    ttft_ms: null,
    attempts: 1,
    prompt_tokens: 10,
    cached_tokens: 0,
    completion_tokens: 20,
    reasoning_tokens: 0,
    upstream_cost: null,
    client_ip: null,
  };
}

/** A migrated SQLite store in a new directory; org_1 holds `balance` when given. */
async function meteringStore(balance?: number): Promise<string> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kaiyuan-metering-'));
  const setup = openStore({ dataDir });
  await migrateToLatest(setup);
  if (balance !== undefined)
    await setup.db
      .insertInto('org_balances')
      .values({ org_id: 'org_1', balance, spent_total: 0, updated_at: 0 })
      .execute();
  await setup.close();
  return dataDir;
}

/**
 * Two workers' links wired to one primary's MeteringOwner in this process, over the same message
 * shapes (and the same JSON round trip) as the IPC channel.
 */
function cluster(owner: MeteringOwner) {
  const disconnects: Array<() => void> = [];
  const link = () => {
    let deliver: (message: unknown) => void = () => undefined;
    const send = (message: unknown) => {
      const { calls } = JSON.parse(JSON.stringify(message)) as { calls: CallFrame[] };
      const results: ResultFrame[] = [];
      let open = 0;
      let sent = false;
      const flush = () => {
        if (!sent && open === 0) {
          sent = true;
          if (results.length > 0)
            setImmediate(() => deliver(JSON.parse(JSON.stringify({ kaiyuan: 'results', results }))));
        }
      };
      for (const [id, method, args] of calls) {
        if (id !== 0) open++;
        owner.handle(method, args, (ok, value) => {
          if (id === 0) return;
          results.push([id, ok, value]);
          open--;
          // Answers of one message leave together once all are in (as the primary's per-turn outbox).
          flush();
        });
      }
      flush();
      return true;
    };
    return new PrimaryLink(
      send,
      (handler) => (deliver = handler),
      (handler) => disconnects.push(handler),
    );
  };
  return { links: [link(), link()], killPrimary: () => disconnects.forEach((handler) => handler()) };
}

describe('MeteringOwner: the primary writes the metering of every worker on SQLite', () => {
  let close: (() => Promise<void>) | null = null;
  afterEach(async () => {
    await close?.();
    close = null;
  });

  it('commits the writes of both workers once each, confirms each after its commit, and writes their log rows', async () => {
    const dataDir = await meteringStore(1_000);
    const owner = new MeteringOwner({
      dataDir,
      requestLog: { flushIntervalMs: 5, maxQueued: 100 },
      logger: createLogger('silent'),
    });
    close = () => owner.close();
    const { links } = cluster(owner);
    const [first, second] = links.map((link) => new ClusterUsageWriter(link!));
    const results = await Promise.all([
      first!.write({ record: record('req_a', 300), grantTokens: 0, grantPeriod: '' }),
      second!.write({ record: record('req_a', 300), grantTokens: 0, grantPeriod: '' }),
      second!.write({ record: record('req_b', 500), grantTokens: 0, grantPeriod: '' }),
      first!.write({ record: record('req_c', 900), grantTokens: 0, grantPeriod: '' }),
    ]);
    // One writer: the same request id from two workers is written once (either may come first: the
    // workers' writes share a transaction in the order their messages arrived), the debits capped at the balance.
    expect([results[0], results[1]].map((result) => result.written).sort()).toEqual([false, true]);
    expect(results[0]!.charged).toBe(300);
    expect(results[1]!.charged).toBe(300);
    expect(results[2]!.written && results[3]!.written).toBe(true);
    expect(results[2]!.charged + results[3]!.charged).toBe(700);
    // Confirmed means committed: another connection sees the rows at once.
    const reader = openStore({ dataDir });
    try {
      const rows = await reader.db.selectFrom('usage_records').select('request_id').execute();
      expect(rows.map((row) => row.request_id).sort()).toEqual(['req_a', 'req_b', 'req_c']);
      const balance = await reader.db.selectFrom('org_balances').selectAll().executeTakeFirstOrThrow();
      expect(Number(balance.balance)).toBe(0);

      const sinks = links.map((link) => new ClusterRequestLogSink(link!));
      sinks[0]!.add(logRow('log_1'));
      sinks[1]!.add(logRow('log_2'));
      await Promise.all(sinks.map((sink) => sink.drain()));
      await owner.close();
      close = null;
      const logged = await reader.db.selectFrom('request_log').select('id').execute();
      expect(logged.map((row) => row.id).sort()).toEqual(['log_1', 'log_2']);
    } finally {
      await reader.close();
    }
  });

  it('fails a write whose primary is gone, so that its answer is not completed', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'kaiyuan-metering-'));
    const owner = new MeteringOwner({ dataDir, requestLog: null, logger: createLogger('silent') });
    const { links, killPrimary } = cluster(owner);
    killPrimary();
    await expect(
      new ClusterUsageWriter(links[0]!).write({ record: record('req_x', 1), grantTokens: 0, grantPeriod: '' }),
    ).rejects.toMatchObject({ code: 'metering_failed', status: 503 });
  });

  it('is used for SQLite stores only', () => {
    expect(primaryWritesMetering(undefined)).toBe(true);
    expect(primaryWritesMetering('sqlite:/var/lib/kaiyuan/kaiyuan.db')).toBe(true);
    expect(primaryWritesMetering('postgres://kaiyuan@db/kaiyuan')).toBe(false);
    expect(primaryWritesMetering('postgresql://kaiyuan@db/kaiyuan')).toBe(false);
  });
});
