/**
 * Is this machine steady enough for an A/B? `node --import tsx bench/gateway/cpu-trend.ts
 * [--windows 30] [--duration 2] [--connections 32]`. One Kaiyuan process (the built bundle, as
 * `npm start` runs it) under constant non-streamed load, window after window with nothing
 * changed: per window, req/s, CPU µs per request of the whole process and of its main thread, of
 * the upstream (a fixed amount of work per request), the main thread's sleeps (voluntary context
 * switches: the event loop waiting for work; fewer per request when a wake-up serves several) and
 * preemptions per request, and the machine's idle and steal shares (`/proc/stat`). On a steady
 * machine the columns are flat after the first windows; where they move in phases, an end-to-end
 * A/B cannot resolve a change smaller than the phases' spread.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { chatBody, chatLoad } from '../support/chat-body.ts';
import { startFastUpstreams } from '../support/fast-upstreams.ts';
import { load } from '../support/load.ts';
import { loadAverages } from '../support/load-average.ts';
import { median } from '../support/median.ts';
import {
  cpuMilliseconds,
  minorFaults,
  rssMiB,
  stopProcess,
  threadContextSwitches,
  threadCpuMilliseconds,
} from '../support/processes.ts';
import { printTable } from '../support/table.ts';
import { startKaiyuan } from './kaiyuan-target.ts';

const { values } = parseArgs({
  options: {
    windows: { type: 'string', default: '30' },
    duration: { type: 'string', default: '2' },
    connections: { type: 'string', default: '32' },
  },
});

/** The machine's CPU time by kind since boot (`/proc/stat`'s first line, in clock ticks). */
function machineTicks(): { idle: number; steal: number; total: number } {
  const ticks = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  return { idle: ticks[3]! + ticks[4]!, steal: ticks[7] ?? 0, total: ticks.reduce((sum, tick) => sum + tick, 0) };
}

const { upstream, slow } = await startFastUpstreams();
const kaiyuan = await startKaiyuan(upstream.port, slow.port);
const pid = kaiyuan.process.pid!;
const upstreamPid = upstream.process.pid!;
const body = chatBody('bench-model');
const rows: Array<Array<string | number>> = [];
const perRequest: number[] = [];
try {
  for (let window = 0; window < Number(values.windows); window++) {
    const before = { cpu: cpuMilliseconds(pid), main: threadCpuMilliseconds(pid, pid) };
    const upstreamBefore = cpuMilliseconds(upstreamPid);
    const faultsBefore = minorFaults(pid);
    const switchesBefore = threadContextSwitches(pid, pid);
    const ticksBefore = machineTicks();
    const startedAt = new Date();
    const result = await load(chatLoad(kaiyuan, body, Number(values.connections), Number(values.duration)));
    const requests = Math.max(1, result.requests);
    const ticks = machineTicks();
    const elapsed = Math.max(1, ticks.total - ticksBefore.total);
    const cpu = ((cpuMilliseconds(pid) - before.cpu) * 1000) / requests;
    const switches = threadContextSwitches(pid, pid);
    if (window > 0) perRequest.push(cpu);
    rows.push([
      String(window),
      startedAt.toISOString().slice(11, 19),
      result.requestsPerSecond,
      cpu,
      ((threadCpuMilliseconds(pid, pid) - before.main) * 1000) / requests,
      ((cpuMilliseconds(upstreamPid) - upstreamBefore) * 1000) / requests,
      (minorFaults(pid) - faultsBefore) / requests,
      (switches.voluntary - switchesBefore.voluntary) / requests,
      (switches.involuntary - switchesBefore.involuntary) / requests,
      rssMiB(pid),
      `${Math.round((100 * (ticks.idle - ticksBefore.idle)) / elapsed)} %`,
      `${((100 * (ticks.steal - ticksBefore.steal)) / elapsed).toFixed(1)} %`,
    ]);
  }
  printTable(
    `One Kaiyuan process, non-streamed, ${values.connections} connections, ${values.duration}-s windows in a row`,
    [
      'window',
      'started (UTC)',
      'req/s',
      'CPU µs/req',
      'main thread µs/req',
      'upstream µs/req',
      'page faults/req',
      'main thread sleeps/req',
      'main thread preempted/req',
      'RSS MiB',
      'machine idle',
      'steal',
    ],
    rows,
  );
  const sorted = [...perRequest].sort((a, b) => a - b);
  process.stdout.write(
    `after the first window: CPU µs/req median ${median(perRequest).toFixed(1)}, ` +
      `min ${sorted[0]?.toFixed(1)}, max ${sorted.at(-1)?.toFixed(1)}; load average at the end: ${loadAverages()}\n`,
  );
} finally {
  await stopProcess(kaiyuan.process);
  await upstream.stop();
  await slow.stop();
}
