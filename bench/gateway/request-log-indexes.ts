/**
 * `node --import tsx bench/gateway/request-log-indexes.ts [ORGANIZATIONS] [ROUNDS] [HISTORY]`: what
 * each index of `request_log` adds to a row's write, in process, on SQLite. Migrated stores that
 * differ only in the request log's indexes (the schema as migrated, and the same minus the indexes
 * some reader or the pruner needs) each get HISTORY rows first (B-trees of realistic depth), then
 * rounds of 16,000 rows through the real RequestLogWriter (200-row chunks as the server writes
 * them, and 1,000-row ones; prepared inserts, one transaction a chunk), the stores taken in turn,
 * alternating the order. Rows come from ORGANIZATIONS organizations in turn (1 is the gateway
 * benchmark: one key; more spread the (org_id, created_at) index's insertions over that many
 * places). Prints each store's median process CPU µs per row (the background checkpointer's thread
 * included) and its rounds. The last store repeats the first schema: compare with it before reading a
 * difference of less than ~1.5 µs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RequestLogWriter } from '../../src/observability/request-log-writer.ts';
import { openStore, type Store } from '../../src/store/database.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import type { RequestLogTable } from '../../src/store/schema/request-log-tables.ts';
import { createLogger } from '../../src/util/logger.ts';
import { loadAverages } from '../support/load-average.ts';
import { median } from '../support/median.ts';
import { printTable } from '../support/table.ts';
import { benchLogRow } from '../support/bench-log-row.ts';

const organizations = Number(process.argv[2] ?? 1);
const rounds = Number(process.argv[3] ?? 9);
const history = Number(process.argv[4] ?? 100_000);
const rowsPerRound = 16_000;

/** Each store: a name, the statements that turn the migrated schema into it, the writer's rows per chunk. */
const variants: Array<[string, string[], number]> = [
  ['as migrated (5 B-trees)', [], 200],
  ['without (created_at)', ['drop index request_log_by_time'], 200],
  ['without (org_id, created_at)', ['drop index request_log_org_time'], 200],
  ['without either time index', ['drop index request_log_by_time', 'drop index request_log_org_time'], 200],
  ['without (request_id)', ['drop index request_log_request'], 200],
  ['as migrated, 1,000-row chunks', [], 1000],
  // The first store made measured up to 1.5 µs per row dearer than the same schema made later (twice in two runs,
  // with the order of the two swapped): the same schema again, last, shows how much of a difference is position.
  ['as migrated, again (made last)', [], 200],
];

/** A completed chat request's row, as the gateway benchmark writes them. */
function row(now: number, index: number): RequestLogTable {
  return benchLogRow(now, { org_id: `org_${index % organizations}` });
}

interface Setup {
  name: string;
  dataDir: string;
  store: Store;
  writer: RequestLogWriter;
  cpu: number[];
}

const setups: Setup[] = [];
for (const [name, statements, chunkSize] of variants) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'kaiyuan-log-indexes-'));
  const store = openStore({ dataDir, backgroundCheckpoints: true });
  await migrateToLatest(store);
  for (const statement of statements) store.sqlite!.exec(statement);
  const writer = new RequestLogWriter(store, createLogger('silent'), {
    flushIntervalMs: 1e9,
    maxQueued: 1e9,
    chunkSize,
  });
  const start = Date.now() - history;
  for (let index = 0; index < history; index++) writer.add(row(start + index, index));
  await writer.drain();
  setups.push({ name, dataDir, store, writer, cpu: [] });
}

for (let round = 0; round < rounds; round++) {
  for (const setup of round % 2 === 0 ? setups : [...setups].reverse()) {
    const rows = Array.from({ length: rowsPerRound }, (_, index) => row(Date.now(), index));
    const before = process.cpuUsage();
    for (const each of rows) setup.writer.add(each);
    await setup.writer.drain();
    const spent = process.cpuUsage(before);
    setup.cpu.push((spent.user + spent.system) / rowsPerRound);
  }
}

printTable(
  `The request log's write per row by its indexes: ${organizations} organization(s), ${history} rows before, median of ${rounds} interleaved rounds of ${rowsPerRound} rows`,
  ['store', 'CPU µs/row', 'CPU µs/row (each round)'],
  setups.map((setup) => [setup.name, median(setup.cpu).toFixed(2), setup.cpu.map((cpu) => cpu.toFixed(1)).join(' ')]),
);
console.log(`load average at the end (1, 5, 15 min): ${loadAverages()}`);
for (const setup of setups) {
  await setup.store.close();
  rmSync(setup.dataDir, { recursive: true, force: true });
}
