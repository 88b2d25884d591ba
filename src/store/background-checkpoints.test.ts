import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { startBackgroundCheckpoints } from './background-checkpoints.ts';
import { openStore } from './database.ts';

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return condition();
}

describe('background WAL checkpoints', () => {
  it('stop checkpointing inside commits and copy the WAL into the database from a worker thread', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'kaiyuan-checkpoints-'));
    const store = openStore({ dataDir, backgroundCheckpoints: true });
    const sqlite = store.sqlite!;
    expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    sqlite.exec('create table items (id integer primary key, text text not null)');
    const insert = sqlite.prepare('insert into items (text) values (?)');
    const file = path.join(dataDir, 'kaiyuan.db');
    const sizeBefore = statSync(file).size;
    for (let batch = 0; batch < 20; batch++)
      sqlite.transaction(() => {
        for (let row = 0; row < 200; row++) insert.run('x'.repeat(200));
      })();
    // 4,000 rows of 200 bytes are ~200 pages: all in the WAL until someone checkpoints them.
    expect(await waitFor(() => statSync(file).size > sizeBefore + 500_000, 5_000)).toBe(true);
    await store.close();
  });

  it('let the WAL start over under steady writes by pausing writers that wait for the gate', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'kaiyuan-checkpoints-')), 'steady.db');
    const sqlite = new SqliteDatabase(file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    // The WAL file is cut back to 2 MB whenever it starts over: its size then shows what it holds.
    sqlite.pragma('journal_size_limit = 2097152');
    sqlite.exec('create table items (id integer primary key, text text not null)');
    const insert = sqlite.prepare('insert into items (text) values (?)');
    const write = sqlite.transaction(() => {
      for (let row = 0; row < 20; row++) insert.run('x'.repeat(200));
    });
    const checkpoints = startBackgroundCheckpoints(sqlite, file, { intervalMs: 20, resetFrames: 256 });
    let largestWal = 0;
    let paused = 0;
    const until = Date.now() + 2_000;
    while (Date.now() < until) {
      const gate = checkpoints.writeGate();
      if (gate) {
        paused++;
        await gate;
      }
      write();
      largestWal = Math.max(largestWal, existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0);
      await new Promise((resolve) => setImmediate(resolve));
    }
    await checkpoints.stop();
    sqlite.close();
    // Without the pauses the WAL never starts over while writes keep coming: 600 MB in these 2 s.
    expect(paused).toBeGreaterThan(0);
    expect(largestWal).toBeLessThan(64 * 1024 * 1024);
  });

  it('leave one-off commands (no worker) with SQLite checkpointing inside commits', async () => {
    const store = openStore({ dataDir: mkdtempSync(path.join(tmpdir(), 'kaiyuan-checkpoints-')) });
    expect(store.sqlite!.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    await store.close();
  });
});
