import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

const require = createRequire(import.meta.url);

/**
 * The worker's code, plain CommonJS (no TypeScript loader needed in the thread): its own
 * connection to the database file checkpoints the WAL into the database every interval.
 */
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
db.pragma('wal_autocheckpoint = 0');
const checkpoint = () => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch { /* busy or closing: the next round catches up */ }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.close();
});
`;

export interface BackgroundCheckpoints {
  stop(): Promise<void>;
}

/**
 * Moves SQLite's WAL checkpoints off the event loop. By default the connection that commits runs a
 * checkpoint whenever the WAL passes 1,000 pages: it copies them into the database file and syncs
 * it, inside some unlucky request's commit (half of the metering's cost, and the p99 latency).
 * Here the caller's connection stops checkpointing and a worker thread checkpoints every
 * `intervalMs` instead (PASSIVE: it never blocks writers). Durability is unchanged: a committed
 * transaction is in the WAL either way.
 */
export function startBackgroundCheckpoints(connection: { pragma(source: string): unknown }, file: string, intervalMs = 500): BackgroundCheckpoints {
  const worker = new Worker(workerSource, { eval: true, workerData: { file, intervalMs, driver: require.resolve('better-sqlite3') } });
  worker.unref();
  connection.pragma('wal_autocheckpoint = 0');
  let stopping: Promise<void> | null = null;
  return {
    stop() {
      stopping ??= new Promise<void>((resolve) => {
        worker.once('exit', () => resolve());
        worker.postMessage('stop');
      }).then(() => {
        connection.pragma('wal_autocheckpoint = 1000');
      });
      return stopping;
    },
  };
}
