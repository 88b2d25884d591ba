import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

const require = createRequire(import.meta.url);

/**
 * The worker's code, plain CommonJS (no TypeScript loader needed in the thread): its own
 * connection to the database file checkpoints the WAL into the database every interval and says
 * how many frames the WAL holds; on 'catch-up' it checkpoints once more at once.
 */
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
db.pragma('wal_autocheckpoint = 0');
const checkpoint = () => {
  try {
    const [result] = db.pragma('wal_checkpoint(PASSIVE)');
    return { frames: result.log, checkpointed: result.checkpointed };
  } catch {
    return null; // busy or closing: the next round catches up
  }
};
const timer = setInterval(() => {
  const result = checkpoint();
  if (result) parentPort.postMessage({ kind: 'checkpointed', ...result });
}, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message === 'catch-up') {
    parentPort.postMessage({ kind: 'caught-up', ...checkpoint() });
    return;
  }
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.close();
});
`;

interface CheckpointReport {
  kind: 'checkpointed' | 'caught-up';
  frames?: number;
  checkpointed?: number;
}

export interface BackgroundCheckpoints {
  /**
   * While the WAL is being brought to a complete checkpoint, a promise that resolves when writes
   * may go on; null otherwise. Writers that can wait (metering) wait for it, so that the next
   * commit starts the WAL over from its beginning.
   */
  writeGate(): Promise<void> | null;
  stop(): Promise<void>;
}

export interface BackgroundCheckpointOptions {
  intervalMs?: number;
  /** WAL frames (pages) past which writes pause briefly so that the WAL can start over. */
  resetFrames?: number;
  /** Longest such a pause lasts, whatever the worker does. */
  maxPauseMs?: number;
}

/**
 * Moves SQLite's WAL checkpoints off the event loop. By default the connection that commits runs a
 * checkpoint whenever the WAL passes 1,000 pages: it copies them into the database file and syncs
 * it, inside some unlucky request's commit (half of the metering's cost, and the p99 latency).
 * Here the caller's connection stops checkpointing and a worker thread checkpoints every
 * `intervalMs` instead (PASSIVE: it never blocks writers). Durability is unchanged: a committed
 * transaction is in the WAL either way.
 *
 * SQLite starts the WAL over only when a write finds every frame checkpointed. Under steady load
 * commits land while the worker checkpoints, so that never happens and the WAL file grows without
 * end (15 MB/s at 9,000 requests per second), every append extending it. So once the WAL holds more
 * than `resetFrames`, the write gate closes, the worker checkpoints the few frames written since its
 * last round, and the gate opens: the next commit writes from the WAL's start again.
 */
export function startBackgroundCheckpoints(
  connection: { pragma(source: string): unknown },
  file: string,
  options: BackgroundCheckpointOptions = {},
): BackgroundCheckpoints {
  const { intervalMs = 500, resetFrames = 4096, maxPauseMs = 50 } = options;
  const worker = new Worker(workerSource, {
    eval: true,
    workerData: { file, intervalMs, driver: require.resolve('better-sqlite3') },
  });
  worker.unref();
  connection.pragma('wal_autocheckpoint = 0');
  let gate: Promise<void> | null = null;
  let openGate = (): void => undefined;
  const closeGate = () => {
    gate = new Promise<void>((resolve) => {
      const timer = setTimeout(() => openGate(), maxPauseMs);
      openGate = () => {
        clearTimeout(timer);
        gate = null;
        resolve();
      };
    });
  };
  worker.on('message', (report: CheckpointReport) => {
    if (report.kind === 'caught-up') openGate();
    else if (!gate && (report.frames ?? 0) > resetFrames) {
      closeGate();
      worker.postMessage('catch-up');
    }
  });
  let exited = false;
  worker.on('exit', () => {
    exited = true;
    openGate();
  });
  let stopping: Promise<void> | null = null;
  return {
    writeGate: () => gate,
    stop() {
      stopping ??= new Promise<void>((resolve) => {
        if (exited) return resolve();
        worker.once('exit', () => resolve());
        // Referenced while stopping: an unreferenced worker that is still starting would let the
        // process run out of work (exit 13, "unsettled top-level await") before it answers.
        worker.ref();
        worker.postMessage('stop');
      }).then(() => {
        connection.pragma('wal_autocheckpoint = 1000');
      });
      return stopping;
    },
  };
}
