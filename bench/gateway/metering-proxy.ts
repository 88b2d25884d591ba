/**
 * The floor for a metering gateway: the JSON-reading proxy (`json-proxy.ts`) plus the one write
 * that exactly-once metering cannot skip — each request's usage committed durably before its
 * answer's last bytes go out. One SQLite file as Kaiyuan's zero-config store has it (WAL,
 * synchronous NORMAL: survives a killed process), one table keyed by request id (the idempotency
 * key; time-ordered ids, WITHOUT ROWID: one B-tree), no index, no balance, no ledger, no limits, no
 * request log. Group commit as Kaiyuan's usage writer does it: a write waits one turn of the event
 * loop, and more while writes keep arriving (at most 2 ms, 256 a batch), then its batch commits in
 * one IMMEDIATE transaction. `node --import tsx metering-proxy.ts PORT UPSTREAM_ORIGIN [hold-only]`:
 * with `hold-only` the answers are held for their group exactly so, but nothing is written — what
 * holding answers together alone saves (decision 049; most of it in `writev`, likely because
 * answers written as a group find the client awake, where each written alone wakes it).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { jsonForward, type ProxyUsage } from '../support/json-forward.ts';
import { runProxy } from '../support/proxy-process.ts';

const holdOnly = process.argv[4] === 'hold-only';
const directory = mkdtempSync(path.join(tmpdir(), 'kaiyuan-metering-proxy-'));
process.once('exit', () => rmSync(directory, { recursive: true, force: true }));
const database = new SqliteDatabase(path.join(directory, 'usage.db'));
database.pragma('journal_mode = WAL');
database.pragma('synchronous = NORMAL');
database.exec(`create table usage (request_id text primary key, model text not null, prompt_tokens integer not null,
  completion_tokens integer not null, created_at integer not null) without rowid`);
const insert = database.prepare(
  'insert into usage (request_id, model, prompt_tokens, completion_tokens, created_at) values (?, ?, ?, ?, ?) on conflict (request_id) do nothing',
);
interface Pending {
  id: string;
  usage: ProxyUsage;
  now: number;
  resolve: () => void;
  reject: (error: unknown) => void;
}
const commit = database.transaction((batch: Pending[]) => {
  for (const { id, usage, now } of batch) insert.run(id, usage.model, usage.promptTokens, usage.completionTokens, now);
});

// Time-ordered request ids, as Kaiyuan's: the process's start, then a sequence number.
const idPrefix = `req_${Date.now().toString(36)}_`;
let sequence = 0;
/** As Kaiyuan's usage writer: at most this many writes a commit, and this long waiting for company. */
const maxBatch = 256;
const maxWaitMs = 2;
const queue: Pending[] = [];
let flushing = false;

async function flush(): Promise<void> {
  const started = performance.now();
  let seen: number;
  do {
    seen = queue.length;
    await new Promise<void>((resolve) => setImmediate(resolve));
  } while (queue.length > seen && queue.length < maxBatch && performance.now() - started < maxWaitMs);
  try {
    while (queue.length > 0) {
      const batch = queue.splice(0, maxBatch);
      try {
        if (!holdOnly) commit.immediate(batch);
        for (const pending of batch) pending.resolve();
      } catch (error) {
        // The answers fail (502) rather than go out unmetered.
        for (const pending of batch) pending.reject(error);
      }
    }
  } finally {
    flushing = false;
  }
}

function meter(usage: ProxyUsage): Promise<void> {
  return new Promise((resolve, reject) => {
    const id = idPrefix + (sequence++).toString(36).padStart(8, '0');
    queue.push({ id, usage, now: Date.now(), resolve, reject });
    if (!flushing) {
      flushing = true;
      void flush();
    }
  });
}

runProxy(jsonForward(meter));
