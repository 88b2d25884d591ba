/**
 * `node --import tsx bench/billing/shared-commit-cost.ts [BATCH] [ROUNDS]`: the request log's rows
 * in their own commits (the server: the RequestLogWriter's 200-row chunks beside the metering group
 * commits) against the same rows written inside the metering commit of their requests (one commit
 * per group instead of two), on SQLite, in process. Two stores migrated alike with 100,000 requests
 * of history; each round writes 16,000 requests in metering groups of BATCH to each store in turn.
 * Prints process CPU µs per request and WAL frames per request (checkpoints off, so the WAL holds
 * every frame written; SQLite writes a frame in two system calls).
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqliteUsageBatch } from '../../src/billing/sqlite-usage-batch.ts';
import type { UsageWrite } from '../../src/billing/usage-write.ts';
import { RequestLogWriter } from '../../src/observability/request-log-writer.ts';
import type { Store } from '../../src/store/database.ts';
import type { RequestLogTable } from '../../src/store/schema/request-log-tables.ts';
import { newRequestId } from '../../src/util/ids.ts';
import { createLogger } from '../../src/util/logger.ts';
import { benchUsageWrite, openStoreWithBalance } from '../cluster/cluster-bench-support.ts';
import { loadAverages } from '../support/load-average.ts';
import { median } from '../support/median.ts';
import { printTable } from '../support/table.ts';
import { benchLogRow } from '../support/bench-log-row.ts';

const batchSize = Number(process.argv[2] ?? 16);
const rounds = Number(process.argv[3] ?? 7);
const perRound = 16_000;
const history = 100_000;

function logRow(requestId: string, now: number): RequestLogTable {
  return benchLogRow(now, { request_id: requestId });
}
const columns = Object.keys(logRow('', 0)) as Array<keyof RequestLogTable>;

interface Setup {
  name: string;
  dataDir: string;
  store: Store;
  /** Writes one metering group and its requests' log rows. */
  write(writes: UsageWrite[], rows: RequestLogTable[]): Promise<void>;
  writer: RequestLogWriter;
  cpu: number[];
  frames: number[];
}

async function setUp(name: string, shared: boolean): Promise<Setup> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'kaiyuan-shared-commit-'));
  const store = await openStoreWithBalance(dataDir);
  const database = store.sqlite!;
  const batch = new SqliteUsageBatch(database);
  const writer = new RequestLogWriter(store, createLogger('silent'), { flushIntervalMs: 1e9, maxQueued: 1e9 });
  const insert = database.prepare(
    `insert into request_log (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`,
  );
  // The metering batch's own transaction becomes a savepoint inside this one: one commit for both.
  const together = database.transaction((writes: UsageWrite[], rows: RequestLogTable[]) => {
    batch.commit(writes);
    for (const row of rows) insert.run(columns.map((column) => row[column]));
  });
  const start = Date.now() - history;
  for (let index = 0; index < history; index += 500) {
    const ids = Array.from({ length: 500 }, () => newRequestId());
    batch.commit(ids.map((id, offset) => benchUsageWrite(id, start + index + offset)));
    for (const id of ids) writer.add(logRow(id, start + index));
  }
  await writer.drain();
  database.pragma('wal_autocheckpoint = 0');
  const write = shared
    ? async (writes: UsageWrite[], rows: RequestLogTable[]) => together.immediate(writes, rows)
    : async (writes: UsageWrite[], rows: RequestLogTable[]) => {
        batch.commit(writes);
        for (const row of rows) writer.add(row);
        // What the server's writer does once a chunk is full (its own commit).
        if (writer.queued >= 200) await writer.drain();
      };
  return { name, dataDir, store, write, writer, cpu: [], frames: [] };
}

const setups = [
  await setUp('log rows in their own 200-row commits (as built)', false),
  await setUp('log rows inside the metering commit', true),
];
for (let round = 0; round < rounds; round++) {
  for (const setup of round % 2 === 0 ? setups : [...setups].reverse()) {
    const database = setup.store.sqlite!;
    database.pragma('wal_checkpoint(TRUNCATE)');
    const pageSize = Number(database.pragma('page_size', { simple: true }));
    const before = process.cpuUsage();
    for (let done = 0; done < perRound; done += batchSize) {
      const now = Date.now();
      const ids = Array.from({ length: batchSize }, () => newRequestId());
      await setup.write(
        ids.map((id) => benchUsageWrite(id, now)),
        ids.map((id) => logRow(id, now)),
      );
    }
    await setup.writer.drain();
    const spent = process.cpuUsage(before);
    setup.cpu.push((spent.user + spent.system) / perRound);
    const walBytes = statSync(path.join(setup.dataDir, 'kaiyuan.db-wal')).size;
    setup.frames.push(walBytes / (pageSize + 24) / perRound);
  }
}
printTable(
  `Metering (groups of ${batchSize}) and the request log, median of ${rounds} interleaved rounds of ${perRound} requests`,
  ['writes', 'CPU µs/request', 'WAL frames/request', 'CPU µs/request (each round)'],
  setups.map((setup) => [
    setup.name,
    median(setup.cpu).toFixed(1),
    median(setup.frames).toFixed(2),
    setup.cpu.map((cpu) => cpu.toFixed(1)).join(' '),
  ]),
);
console.log(`load average at the end (1, 5, 15 min): ${loadAverages()}`);
for (const setup of setups) {
  await setup.store.close();
  rmSync(setup.dataDir, { recursive: true, force: true });
}
