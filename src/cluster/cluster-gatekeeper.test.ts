import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { chatAdmission, createTenant, testAdminToken } from '../../test/support/test-commerce.ts';
import { testPasswordHasher } from '../../test/support/test-password-hasher.ts';
import { createCommerce, type Commerce } from '../billing/create-commerce.ts';
import { configSchema } from '../config/config-schema.ts';
import type { RequestOutcome } from '../inference/gateway-hooks.ts';
import { openStore, type Store } from '../store/database.ts';
import { migrateToLatest } from '../store/migrate.ts';
import { clusterFeatures, type CallFrame, type ResultFrame } from './cluster-messages.ts';
import { ClusterUsageWriter } from './cluster-usage-writer.ts';
import { CounterOwner } from './counter-owner.ts';
import { MeteringOwner } from './metering-owner.ts';
import { primaryCalls } from './primary-calls.ts';
import { PrimaryLink } from './primary-link.ts';

const logger = pino({ level: 'silent' });

/**
 * A worker's link to a primary in this process that runs its calls with the real routing
 * (primaryCalls), over the same message shapes and JSON round trip as the IPC channel, answering
 * per turn. `earlier`: a primary of an earlier version, which knows none of clusterFeatures.
 * `messages` records the method names of each message the worker sent.
 */
function linkToPrimary(owner: CounterOwner, metering: MeteringOwner, earlier: boolean) {
  const run = primaryCalls(owner, metering);
  const newer = new Set<string>(['cluster.features', ...Object.values(clusterFeatures)]);
  const messages: string[][] = [];
  let deliver: (message: unknown) => void = () => undefined;
  let outbox: ResultFrame[] | null = null;
  const reply = (frame: ResultFrame) => {
    if (!outbox) {
      const results: ResultFrame[] = (outbox = []);
      setImmediate(() => {
        outbox = null;
        deliver(JSON.parse(JSON.stringify({ kaiyuan: 'results', results })));
      });
    }
    outbox.push(frame);
  };
  const send = (message: unknown) => {
    const typed = JSON.parse(JSON.stringify(message)) as { kaiyuan: string; calls?: CallFrame[] };
    if (typed.kaiyuan !== 'calls') return true;
    messages.push(typed.calls!.map(([, method]) => method));
    for (const frame of typed.calls!) {
      if (earlier && newer.has(frame[1])) reply([frame[0], false, `unknown counter call ${frame[1]}`]);
      else run(1, frame, reply);
    }
    return true;
  };
  const link = new PrimaryLink(
    send,
    (handler) => (deliver = handler),
    () => undefined,
  );
  return { link, messages };
}

const request = chatAdmission;

function outcome(completionTokens: number): RequestOutcome {
  return {
    status: 'completed',
    usage: { promptTokens: 100, completionTokens, cachedTokens: 0, reasoningTokens: 0 },
    usageEstimated: false,
    servedBy: { deploymentId: 'sim-1', provider: 'simulator', upstreamModel: 'sim-chat' },
    latencyMs: 12,
    ttftMs: 3,
    errorCode: null,
    attempts: 1,
  };
}

describe.each([
  ['a primary of this version', false],
  ['a primary of an earlier version (reload)', true],
])('a worker’s gatekeeper under %s, on SQLite without Redis', (_name, earlier) => {
  let closing: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const close of closing.reverse()) await close();
    closing = [];
  });

  async function worker(): Promise<{ commerce: Commerce; store: Store; messages: string[][] }> {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'kaiyuan-cluster-gatekeeper-'));
    const store = openStore({ dataDir });
    await migrateToLatest(store);
    const metering = new MeteringOwner({ dataDir, requestLog: null, logger });
    const { link, messages } = linkToPrimary(new CounterOwner(), metering, earlier);
    const commerce = await createCommerce({
      store,
      config: configSchema.parse({}),
      logger,
      redisUrl: null,
      adminToken: testAdminToken,
      passwordHasher: testPasswordHasher,
      noticesEveryMs: null,
      primary: link,
      usageWriter: new ClusterUsageWriter(link),
    });
    closing.push(
      () => store.close(),
      () => metering.close(),
      () => commerce.close(),
    );
    link.askFeatures();
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    return { commerce, store, messages };
  }

  it('admits in one step and settles with the write (an earlier primary: the separate calls), within limits and balance', async () => {
    const { commerce, store, messages } = await worker();
    // After the first two requests (300,000 and 1,100,000 nano), room for one hold of the worst case
    // (110 × 1000 + 1000 × 2000 = 2,110,000 nano) at a time, not two.
    const { principal } = await createTenant(commerce, {
      name: 'acme',
      balance: 5_600_000,
      limits: { rpm: 10, tpm: 100_000 },
    });
    // The first reservation reads the balance from the store (one more step); measured from the second.
    await (await commerce.gatekeeper.admit(request(principal))).settle(outcome(100));
    await new Promise((resolve) => setImmediate(resolve));
    messages.length = 0;

    const admission = await commerce.gatekeeper.admit(request(principal));
    expect(admission.headers['x-ratelimit-remaining-requests']).toBe('8');
    // The first request's tokens were trued up to 200 before this one reserved 1110.
    expect(admission.headers['x-ratelimit-remaining-tokens']).toBe(String(100_000 - 200 - 1110));
    await admission.settle(outcome(500));
    await new Promise((resolve) => setImmediate(resolve));
    // Each message is a step the request waits for (the true-ups of an earlier primary are the fourth, sent after the answer).
    expect(messages).toEqual(
      earlier
        ? [['limits.acquire'], ['budgets.reserve'], ['metering.write'], ['budgets.commit', 'limits.adjust']]
        : [[clusterFeatures.admission], [clusterFeatures.settle]],
    );

    // A hold is taken at admission: a second request cannot hold the worst case beside it.
    const held = await commerce.gatekeeper.admit(request(principal));
    await expect(commerce.gatekeeper.admit(request(principal))).rejects.toMatchObject({ status: 402 });
    await held.settle(outcome(0));
    // Settled: the holds are released and the spends taken off; the refused request's tokens given back.
    const next = await commerce.gatekeeper.admit(request(principal));
    expect(next.headers['x-ratelimit-remaining-tokens']).toBe(String(100_000 - 200 - 600 - 100 - 1110));
    await next.settle(outcome(0));
    // Each request charged once, in any order (request ids made in one millisecond sort at random).
    const charged = await store.db.selectFrom('usage_records').select('charged').execute();
    expect(charged.map((row) => Number(row.charged)).sort((a, b) => a - b)).toEqual([
      100_000, 100_000, 300_000, 1_100_000,
    ]);
    const balance = await store.db.selectFrom('org_balances').select('balance').executeTakeFirstOrThrow();
    expect(Number(balance.balance)).toBe(5_600_000 - 1_600_000);
  });
});
