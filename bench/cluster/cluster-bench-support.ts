/**
 * What the benchmarks of bench/cluster/ share: a usage write as a worker sends it, a worker's
 * PrimaryLink over its IPC channel to the parent, the primary's side of that channel (calls
 * answered per event-loop turn, as cluster-primary.ts does) and a migrated SQLite store with a balance.
 */
import type { ChildProcess } from 'node:child_process';
import type { UsageWrite } from '../../src/billing/usage-write.ts';
import type { CallFrame, ResultFrame } from '../../src/cluster/cluster-messages.ts';
import { PrimaryLink } from '../../src/cluster/primary-link.ts';
import { openStore, type Store } from '../../src/store/database.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';

/** A usage record with its ledger debit, as the gatekeeper of a worker writes it for one request. */
export function benchUsageWrite(requestId: string, createdAt = Date.now()): UsageWrite {
  return {
    record: {
      request_id: requestId,
      org_id: 'org_bench',
      key_id: 'key_bench',
      user_id: null,
      endpoint: 'chat.completions',
      model: 'bench-model',
      deployment_id: 'bench-upstream/bench',
      provider: 'bench-upstream',
      prompt_tokens: 12,
      cached_tokens: 0,
      completion_tokens: 16,
      reasoning_tokens: 0,
      cost: 44_000,
      charged: 44_000,
      funding: 'balance',
      latency_ms: 3,
      ttft_ms: null,
      status: 'completed',
      estimated: 0,
      error_code: null,
      created_at: createdAt,
      batch_id: null,
      cache_write_tokens: 0,
      price_version: 3,
      upstream_cost: null,
      plan_id: 'bench',
    },
    grantTokens: 0,
    grantPeriod: '',
    packageDraw: null,
  };
}

/** In a forked child: the worker's line to the parent, which plays the primary. */
export function linkToParent(): PrimaryLink {
  return new PrimaryLink(
    (message) => process.send!(message),
    (handler) => process.on('message', handler),
    (handler) => process.once('disconnect', handler),
  );
}

/**
 * In the parent: runs each call a child sends through `handle` and answers the child's calls of one
 * event-loop turn in one message, as the primary does. Returns how many calls it has answered.
 */
export function servePrimarySide(
  child: ChildProcess,
  handle: (method: string, args: unknown[], answer: (ok: boolean, value: unknown) => void) => void,
): () => number {
  let answered = 0;
  let outbox: ResultFrame[] | null = null;
  child.on('message', (message: { kaiyuan?: string; calls?: CallFrame[] }) => {
    if (message.kaiyuan !== 'calls') return;
    for (const [id, method, args] of message.calls!) {
      handle(method, args, (ok, value) => {
        answered++;
        if (id === 0) return;
        if (!outbox) {
          outbox = [];
          setImmediate(() => {
            const results = outbox!;
            outbox = null;
            if (child.connected) child.send({ kaiyuan: 'results', results });
          });
        }
        outbox.push([id, ok, value]);
      });
    }
  });
  return () => answered;
}

/** Opens a migrated SQLite store in `dataDir` whose organization `org_bench` holds a balance that never runs out. */
export async function openStoreWithBalance(dataDir: string): Promise<Store> {
  const store = openStore({ dataDir });
  await migrateToLatest(store);
  await store.db
    .insertInto('org_balances')
    .values({ org_id: 'org_bench', balance: 1e15, spent_total: 0, updated_at: 0 })
    .execute();
  return store;
}

/** Prepares that store in `dataDir` and closes it (for a process that opens it after). */
export async function storeWithBalance(dataDir: string): Promise<void> {
  await (await openStoreWithBalance(dataDir)).close();
}
