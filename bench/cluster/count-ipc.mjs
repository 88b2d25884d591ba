// Preloaded into a `kaiyuan serve --workers N` primary (node --import) by ipc-frames.ts: counts the
// messages and call frames its workers send and the result messages and frames it answers, by
// method, and writes the totals to KAIYUAN_IPC_COUNT_FILE twice a second. Costs CPU: counting
// runs only, never CPU measurements.
import cluster from 'node:cluster';
import { writeFileSync } from 'node:fs';

const file = process.env.KAIYUAN_IPC_COUNT_FILE;
if (cluster.isPrimary && file) {
  const counts = { callMessages: 0, callFrames: {}, tellOnlyMessages: 0, resultMessages: 0, resultFrames: 0 };
  cluster.on('message', (_worker, message) => {
    if (message?.kaiyuan !== 'calls') return;
    counts.callMessages++;
    // Messages of updates only (id 0: request log rows, true-ups), which want no answer.
    if (message.calls.every(([id]) => id === 0)) counts.tellOnlyMessages++;
    for (const [, method] of message.calls) counts.callFrames[method] = (counts.callFrames[method] ?? 0) + 1;
  });
  const send = cluster.Worker.prototype.send;
  cluster.Worker.prototype.send = function (message, ...rest) {
    if (message?.kaiyuan === 'results') {
      counts.resultMessages++;
      counts.resultFrames += message.results.length;
    }
    return send.call(this, message, ...rest);
  };
  setInterval(() => writeFileSync(file, JSON.stringify(counts)), 500).unref();
}
