/**
 * `node --import tsx bench/billing/metering-commit-cost.ts [commits] [rounds]`: the SQLite work of
 * metering alone, in process and without HTTP: SqliteUsageBatch commits (usage record + ledger debit +
 * balance) at batch sizes 1, 8 and 16 (and 16 with records carrying their request log entry, as
 * served requests are written since decision 047), and the request log's batched insert, on a migrated store
 * that already holds 200,000 requests (B-trees of realistic depth). For each: process CPU µs per
 * request (user + system, every thread of the process: the background checkpointer's too; the
 * request log's cell includes building its rows and ids) and WAL frames written per request (the
 * WAL's growth with checkpoints off; SQLite writes a frame in two system calls). Rounds run the
 * cells in turn; the table shows each cell's median and minimum.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqliteUsageBatch } from '../../src/billing/sqlite-usage-batch.ts';
import type { UsageWrite } from '../../src/billing/usage-write.ts';
import { RequestLogWriter } from '../../src/observability/request-log-writer.ts';
import { openStore, type Store } from '../../src/store/database.ts';
import type { RequestLogTable } from '../../src/store/schema/request-log-tables.ts';
import { newRequestId } from '../../src/util/ids.ts';
import { createLogger } from '../../src/util/logger.ts';
import { benchUsageWrite, openStoreWithBalance } from '../cluster/cluster-bench-support.ts';
import { median } from '../support/median.ts';
import { benchLogRow } from '../support/bench-log-row.ts';

const commits = Number(process.argv[2] ?? 2_000);
const rounds = Number(process.argv[3] ?? 5);
const history = 200_000;

function logRow(requestId: string, now: number): RequestLogTable {
  return benchLogRow(now, {
    request_id: requestId,
    endpoint: 'chat.completions',
    ttft_ms: null,
    prompt_tokens: 12,
    upstream_cost: 30_000,
  });
}

/** A usage write whose record carries the request's log entry, with the values a served request has. */
function carryingLogEntry(write: UsageWrite): UsageWrite {
  write.record.log_http_status = 200;
  write.record.log_attempts = 1;
  write.record.log_deployments_tried = 'bench-upstream/bench';
  write.record.log_error_detail = null;
  write.record.log_client_request_id = null;
  write.record.log_client_ip = '127.0.0.1';
  return write;
}

async function preparedStore(): Promise<{ store: Store; file: string; dataDir: string }> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'kaiyuan-metering-cost-'));
  const file = path.join(dataDir, 'kaiyuan.db');
  const store = await openStoreWithBalance(dataDir);
  // History: earlier requests, so that every B-tree has its real depth.
  const batch = new SqliteUsageBatch(store.sqlite!);
  const log = new RequestLogWriter(store, createLogger('silent'), { flushIntervalMs: 1e9, maxQueued: 1e9 });
  const start = Date.now() - history;
  for (let index = 0; index < history; index += 500) {
    const writes: UsageWrite[] = [];
    for (let offset = 0; offset < 500; offset++) {
      const id = newRequestId();
      writes.push(benchUsageWrite(id, start + index + offset));
      log.add(logRow(id, start + index + offset));
    }
    batch.commit(writes);
  }
  await log.drain();
  store.sqlite!.pragma('wal_checkpoint(TRUNCATE)');
  return { store, file, dataDir };
}

interface Cell {
  cpu: number[];
  frames: number[];
}

function walBytes(file: string): number {
  try {
    return statSync(`${file}-wal`).size;
  } catch {
    return 0;
  }
}

const { store: setup, file, dataDir } = await preparedStore();
await setup.close();
const cells: Record<string, Cell> = {};

/** The cells, each a function of the store to write to; a cell returns how many requests it wrote. */
function cellsOf(store: Store): Array<[string, () => Promise<number>]> {
  const batch = new SqliteUsageBatch(store.sqlite!);
  const log = new RequestLogWriter(store, createLogger('silent'), { flushIntervalMs: 1e9, maxQueued: 1e9 });
  const out: Array<[string, () => Promise<number>]> = [];
  for (const size of [1, 8, 16]) {
    out.push([
      `metering commit, batch ${size}`,
      async () => {
        const total = Math.min(commits * size, 16_000);
        for (let done = 0; done < total; done += size) {
          // As the UsageWriter does: wait while the checkpointer brings the WAL back to its start.
          const gate = store.writeGate();
          if (gate) await gate;
          const now = Date.now();
          batch.commit(Array.from({ length: size }, () => benchUsageWrite(newRequestId(), now)));
        }
        return total;
      },
    ]);
  }
  // As the gateway writes a served request since decision 047: the record carries its log entry.
  out.push([
    'metering commit, batch 16, record carrying its log entry',
    async () => {
      for (let done = 0; done < 16_000; done += 16) {
        const gate = store.writeGate();
        if (gate) await gate;
        const now = Date.now();
        batch.commit(Array.from({ length: 16 }, () => carryingLogEntry(benchUsageWrite(newRequestId(), now))));
      }
      return 16_000;
    },
  ]);
  out.push([
    'request log, chunks of 200 rows',
    async () => {
      const now = Date.now();
      for (let index = 0; index < 16_000; index++) log.add(logRow(newRequestId(), now));
      await log.drain();
      return 16_000;
    },
  ]);
  return out;
}

// WAL frames per request: once, with checkpoints off, so that the WAL only grows during a cell.
{
  const store = openStore({ dataDir });
  store.sqlite!.pragma('wal_autocheckpoint = 0');
  const pageSize = Number(store.sqlite!.pragma('page_size', { simple: true }));
  for (const [name, run] of cellsOf(store)) {
    store.sqlite!.pragma('wal_checkpoint(TRUNCATE)');
    const before = walBytes(file);
    const requests = await run();
    (cells[name] ??= { cpu: [], frames: [] }).frames.push((walBytes(file) - before) / (pageSize + 24) / requests);
  }
  await store.close();
}

// CPU per request as a server runs: checkpoints on the background thread (its CPU counts: process-wide).
const store = openStore({ dataDir, backgroundCheckpoints: true });
const runs = cellsOf(store);
for (let round = 0; round < rounds; round++) {
  for (const [name, run] of runs) {
    const cpu = process.cpuUsage();
    const requests = await run();
    const spent = process.cpuUsage(cpu);
    cells[name]!.cpu.push((spent.user + spent.system) / requests);
  }
}

console.table(
  Object.fromEntries(
    Object.entries(cells).map(([name, cell]) => [
      name,
      {
        'CPU µs/request': median(cell.cpu).toFixed(1),
        'min CPU µs/request': Math.min(...cell.cpu).toFixed(1),
        'WAL frames/request': cell.frames[0]!.toFixed(2),
      },
    ]),
  ),
);
await store.close();
rmSync(dataDir, { recursive: true, force: true });
