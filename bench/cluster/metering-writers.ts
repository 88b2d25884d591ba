/**
 * The metering layer of `kaiyuan serve --workers 2` on SQLite, isolated from HTTP: usage writes
 * (record + ledger debit, the real writers) from 16 concurrent "requests" per process, three ways:
 *   single  — one process, one UsageWriter, 32 concurrent (what one process does);
 *   local   — two processes, each with its own UsageWriter and checkpointer on the shared file
 *             (decision 025's first design);
 *   primary — two processes sending their writes over IPC to this process's MeteringOwner
 *             (decision 032).
 * Prints writes/s, CPU µs per write summed over every process, and the longest event-loop stall
 * of a process that serves requests (a commit waiting in SQLite's busy handler stalls it).
 * Usage: node --import tsx bench/cluster/metering-writers.ts [writes per process] [rounds]
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { UsageWriter } from '../../src/billing/usage-writer.ts';
import { ClusterUsageWriter } from '../../src/cluster/cluster-usage-writer.ts';
import { MeteringOwner } from '../../src/cluster/metering-owner.ts';
import { openStore } from '../../src/store/database.ts';
import { createLogger } from '../../src/util/logger.ts';
import { benchUsageWrite, linkToParent, servePrimarySide, storeWithBalance } from './cluster-bench-support.ts';
import { loadAverages } from '../support/load-average.ts';

const writes = Number(process.argv[2] ?? 20_000);
const rounds = Number(process.argv[3] ?? 3);

interface ChildReport {
  cpuMs: number;
  elapsedMs: number;
  longestCommitMs: number;
}

if (process.argv[4] === 'child') {
  const [, , , , , mode, dataDir, prefix, count, concurrency] = process.argv;
  let writer: UsageWriter | ClusterUsageWriter;
  // The longest stall of this process's event loop (a commit waiting in SQLite's busy handler stalls it).
  const delay = monitorEventLoopDelay({ resolution: 1 });
  if (mode === 'primary') {
    writer = new ClusterUsageWriter(linkToParent());
  } else {
    const store = openStore({ dataDir: dataDir!, backgroundCheckpoints: true });
    writer = new UsageWriter(store);
  }
  process.once('message', async () => {
    const cpu = process.cpuUsage();
    const started = performance.now();
    delay.enable();
    let next = 0;
    await Promise.all(
      Array.from({ length: Number(concurrency) }, async () => {
        while (next < Number(count)) await writer.write(benchUsageWrite(`${prefix}-${next++}`));
      }),
    );
    const spent = process.cpuUsage(cpu);
    const report: ChildReport = {
      cpuMs: (spent.user + spent.system) / 1000,
      elapsedMs: performance.now() - started,
      longestCommitMs: delay.max / 1e6,
    };
    process.send!({ report });
    setTimeout(() => process.exit(0), 200);
  });
  process.send!({ ready: true });
} else {
  const results: Record<string, Array<{ writesPerSecond: number; cpuPerWrite: number; longest: number }>> = {};
  for (let round = 1; round <= rounds; round++) {
    for (const mode of ['single', 'local', 'primary'] as const) {
      const dataDir = mkdtempSync(path.join(os.tmpdir(), 'kaiyuan-metering-bench-'));
      await storeWithBalance(dataDir);
      const owner =
        mode === 'primary' ? new MeteringOwner({ dataDir, requestLog: null, logger: createLogger('silent') }) : null;
      const processes = mode === 'single' ? 1 : 2;
      const children: ChildProcess[] = Array.from({ length: processes }, (_, index) =>
        fork(
          import.meta.filename,
          [
            String(writes),
            String(rounds),
            'child',
            mode,
            dataDir,
            `p${index}`,
            String(writes * (3 - processes)),
            String(32 / processes),
          ],
          { execArgv: ['--import', 'tsx'] },
        ),
      );
      const reports: ChildReport[] = [];
      const done = new Promise<void>((resolve) => {
        for (const child of children) {
          if (owner) servePrimarySide(child, (method, args, answer) => owner.handle(method, args, answer));
          child.on('message', (message: { report?: ChildReport }) => {
            if (!message.report) return;
            reports.push(message.report);
            if (reports.length === processes) resolve();
          });
        }
      });
      await Promise.all(
        children.map((child) => new Promise<void>((resolve) => child.once('message', () => resolve()))),
      );
      const cpu = process.cpuUsage();
      for (const child of children) child.send('go');
      await done;
      await owner?.close();
      const ownCpu = process.cpuUsage(cpu);
      const total = writes * 2;
      const cpuMs =
        reports.reduce((sum, report) => sum + report.cpuMs, 0) +
        (mode === 'primary' ? (ownCpu.user + ownCpu.system) / 1000 : 0);
      const elapsed = Math.max(...reports.map((report) => report.elapsedMs));
      (results[mode] ??= []).push({
        writesPerSecond: total / (elapsed / 1000),
        cpuPerWrite: (cpuMs * 1000) / total,
        longest: Math.max(...reports.map((report) => report.longestCommitMs)),
      });
      const last = results[mode]!.at(-1)!;
      console.log(
        `round ${round} ${mode.padEnd(7)}: ${Math.round(last.writesPerSecond)} writes/s, ${last.cpuPerWrite.toFixed(1)} µs CPU per write (all processes), longest event-loop stall ${last.longest.toFixed(1)} ms`,
      );
    }
  }
  const median = (values: number[]) => values.sort((left, right) => left - right)[values.length >> 1]!;
  for (const [mode, list] of Object.entries(results))
    console.log(
      `median ${mode.padEnd(7)}: ${Math.round(median(list.map((item) => item.writesPerSecond)))} writes/s, ${median(list.map((item) => item.cpuPerWrite)).toFixed(1)} µs CPU per write`,
    );
  console.log(`load average ${loadAverages()}`);
}
