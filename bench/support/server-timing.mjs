// Preloaded into a benchmark target (`node --import …/server-timing.mjs`): times every request
// inside the server, from the `request` event to the response's `finish` (its last byte handed to
// the kernel), in µs. On SIGUSR2 the samples since the last signal are written to
// `$KAIYUAN_BENCH_TIMING_DIR/<pid>.json` and cleared. Plain JavaScript: the bundle runs without tsx.
import { renameSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const directory = process.env.KAIYUAN_BENCH_TIMING_DIR;
if (directory) {
  let samples = [];
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function (event, request, response) {
    if (event === 'request') {
      const started = performance.now();
      response.once('finish', () => samples.push(Math.round((performance.now() - started) * 1000)));
    }
    return emit.apply(this, arguments);
  };
  process.on('SIGUSR2', () => {
    const file = path.join(directory, `${process.pid}.json`);
    writeFileSync(`${file}.part`, JSON.stringify(samples));
    renameSync(`${file}.part`, file);
    samples = [];
  });
}
