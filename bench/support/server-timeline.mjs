// Preloaded into a benchmark target (`node --import …/server-timeline.mjs`) that serves ONE
// connection: the steps of each request inside the server, in µs from its `request` event, taken
// from node:http's and undici's diagnostics channels (no mark in the code under test): the upstream
// request's head handed to the socket, its body sent, the upstream answer's head and its end, the
// call of `end()` on the answer (after the metering commit, plain and streamed) and the answer's
// `finish` (last byte handed to the kernel). With more connections the steps of overlapping
// requests would mix: one request at a time only. On SIGUSR2 the samples since the last signal are
// written to `$KAIYUAN_BENCH_TIMELINE_DIR/<pid>.json` ({ step: [µs, …] }) and cleared.
import diagnostics from 'node:diagnostics_channel';
import { renameSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const directory = process.env.KAIYUAN_BENCH_TIMELINE_DIR;
if (directory) {
  let steps = {};
  let started = 0;
  const mark = (step) => {
    if (started === 0) return;
    (steps[step] ??= []).push(Math.round((performance.now() - started) * 1000));
  };
  diagnostics.subscribe('http.server.request.start', ({ response }) => {
    started = performance.now();
    response.once('finish', () => {
      mark('finish');
      started = 0;
    });
  });
  diagnostics.subscribe('undici:client:sendHeaders', () => mark('upstream write'));
  diagnostics.subscribe('undici:request:bodySent', () => mark('upstream sent'));
  diagnostics.subscribe('undici:request:headers', () => mark('upstream head'));
  diagnostics.subscribe('undici:request:trailers', () => mark('upstream end'));
  const end = http.ServerResponse.prototype.end;
  http.ServerResponse.prototype.end = function () {
    mark('answer end()');
    return end.apply(this, arguments);
  };
  process.on('SIGUSR2', () => {
    const file = path.join(directory, `${process.pid}.json`);
    writeFileSync(`${file}.part`, JSON.stringify(steps));
    renameSync(`${file}.part`, file);
    steps = {};
  });
}
