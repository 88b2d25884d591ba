import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { load, wrkAvailable, type LoadResult } from '../support/load.ts';
import { startScript, stopProcess, treeCpuMilliseconds } from '../support/processes.ts';
import { portkeyEntry, startPortkey } from '../support/portkey-peer.ts';
import { medianOfRoundRatios, medianOfWindows } from '../support/median.ts';
import { printTable } from '../support/table.ts';
import { startKaiyuan } from './kaiyuan-target.ts';
import { emptyStreamSamples, sampleStreams, summarizeStreams, type StreamTiming } from './stream-timing.ts';
import { measureMemory, type MemoryResult } from './memory.ts';
import { chatBody, protocolBodies } from '../support/chat-body.ts';
import { loadAverages } from '../support/load-average.ts';
import { startFastUpstreams } from '../support/fast-upstreams.ts';

export interface GatewayBenchOptions {
  /** Length of one load window. */
  durationSeconds: number;
  /** Windows per cell: the targets take turns, round after round, and each cell reports the medians. */
  rounds: number;
  connections: number[];
  streamSamples: number;
  /** Concurrent slow streams for the memory measurement (0 skips it). */
  memoryStreams: number;
  /** Minutes of steady load with RSS sampling (0 skips the soak). */
  soakMinutes: number;
  /**
   * Another checkout (its `bin/kaiyuan.js`, built) to run beside this one with the same config,
   * its windows interleaved with the others': an A/B of two versions in one run.
   */
  baseline?: string;
  /** Worker counts of extra Kaiyuan targets (`--workers 2`: the full path on 2 workers beside 1). */
  workers?: number[];
  /**
   * Runs a second Kaiyuan of this checkout with the request log off (KAIYUAN_REQUEST_LOG=false),
   * windows interleaved with the full path's (log on): the A/B of what the request log costs.
   */
  requestLogAb?: boolean;
  /** Runs the peers (Portkey's npm gateway) too, when installed (default true). */
  peers?: boolean;
  /** Warm-up slices of 2 s per process, taken by the targets in turn (default 4). */
  warmupSlices?: number;
}

const here = import.meta.dirname;
const baselineName = '3b kaiyuan baseline';
const logOffName = '3c kaiyuan, request log off';
const portkeyName = '5 portkey gateway (npm)';
interface Target {
  name: string;
  url: string;
  headers: Record<string, string>;
  model: string;
  /** The process whose CPU time per request is reported (with its descendants: a primary and its workers). */
  pid: number;
  /** Measured for time to first byte of streams too. */
  streams: boolean;
  /** Kaiyuan: also measured on /v1/messages and /v1/responses. */
  protocols?: boolean;
  /** Request processes (workers) that each warm up on their share of the load; default 1. */
  processes?: number;
}

type Measured = LoadResult & { cpuMicrosecondsPerRequest: number };
/** A cell: the medians of its windows, with the windows (in round order). */
type MeasuredCell = Measured & { windows: Measured[] };

/**
 * Side by side in one run: the upstream called directly, a minimal node:http + undici proxy
 * (the floor for any Node gateway), the same proxy reading the JSON both ways (the floor for a
 * gateway that routes by model), that one committing a durable usage row per request before it
 * answers (the floor for a gateway that meters), and Kaiyuan with the full path (auth, limits,
 * metering, routing). The targets take turns window by window, so that the drift of a shared
 * machine falls on all of them alike; a cell reports the medians of its windows.
 */
export async function runGatewayBench(options: GatewayBenchOptions): Promise<void> {
  const { upstream, slow: slowUpstream } = await startFastUpstreams();
  const proxy = await startScript(path.join(here, 'minimal-proxy.ts'), ['0', `http://127.0.0.1:${upstream.port}`]);
  const jsonProxy = await startScript(path.join(here, 'json-proxy.ts'), ['0', `http://127.0.0.1:${upstream.port}`]);
  const meteringProxy = await startScript(path.join(here, 'metering-proxy.ts'), [
    '0',
    `http://127.0.0.1:${upstream.port}`,
  ]);
  const kaiyuan = await startKaiyuan(upstream.port, slowUpstream.port);
  const baseline = options.baseline
    ? await startKaiyuan(upstream.port, slowUpstream.port, [], path.resolve(options.baseline, 'bin/kaiyuan.js'))
    : null;
  const multi = [];
  for (const workers of options.workers ?? []) {
    multi.push({ workers, target: await startKaiyuan(upstream.port, slowUpstream.port, [], undefined, {}, workers) });
  }
  const logOff = options.requestLogAb
    ? await startKaiyuan(upstream.port, slowUpstream.port, [], undefined, { KAIYUAN_REQUEST_LOG: 'false' })
    : null;
  const portkeyAt = options.peers === false ? null : portkeyEntry();
  if (options.peers !== false && !portkeyAt)
    process.stdout.write('peer skipped: @portkey-ai/gateway is not installed (npm install as a devDependency)\n');
  const portkey = portkeyAt ? await startPortkey(portkeyAt, upstream.port) : null;
  const targets: Target[] = [
    {
      name: '1 upstream direct',
      url: `http://127.0.0.1:${upstream.port}`,
      headers: {},
      model: 'bench',
      pid: upstream.process.pid!,
      streams: true,
    },
    {
      name: '2 minimal proxy',
      url: `http://127.0.0.1:${proxy.port}`,
      headers: {},
      model: 'bench',
      pid: proxy.process.pid!,
      streams: true,
    },
    {
      name: '2b JSON-reading proxy',
      url: `http://127.0.0.1:${jsonProxy.port}`,
      headers: {},
      model: 'bench-model',
      pid: jsonProxy.process.pid!,
      streams: false,
    },
    {
      name: '2c metering proxy',
      url: `http://127.0.0.1:${meteringProxy.port}`,
      headers: {},
      model: 'bench-model',
      pid: meteringProxy.process.pid!,
      streams: false,
    },
    {
      name: '3 kaiyuan full path',
      url: kaiyuan.url,
      headers: { authorization: `Bearer ${kaiyuan.apiKey}` },
      model: 'bench-model',
      pid: kaiyuan.process.pid!,
      streams: true,
      protocols: true,
    },
  ];
  for (const { workers, target } of multi) {
    targets.push({
      name: `4 kaiyuan ${workers} workers`,
      url: target.url,
      headers: { authorization: `Bearer ${target.apiKey}` },
      model: 'bench-model',
      pid: target.process.pid!,
      streams: true,
      protocols: true,
      processes: workers,
    });
  }
  if (baseline) {
    targets.push({
      name: baselineName,
      url: baseline.url,
      headers: { authorization: `Bearer ${baseline.apiKey}` },
      model: 'bench-model',
      pid: baseline.process.pid!,
      streams: true,
    });
  }
  if (logOff) {
    targets.push({
      name: logOffName,
      url: logOff.url,
      headers: { authorization: `Bearer ${logOff.apiKey}` },
      model: 'bench-model',
      pid: logOff.process.pid!,
      streams: true,
    });
  }
  if (portkey) {
    targets.push({
      name: portkeyName,
      url: portkey.url,
      headers: portkey.headers,
      model: 'bench',
      pid: portkey.process.pid!,
      streams: true,
    });
  }
  const request = (target: Target, stream: boolean) => ({
    url: `${target.url}/v1/chat/completions`,
    body: chatBody(target.model, stream),
    headers: { 'content-type': 'application/json', ...target.headers },
  });
  const results: Record<string, Record<number, MeasuredCell>> = {};
  /** Streamed requests and the other protocols, at the highest connection count up to 32: cell name → target → figures. */
  const extra: Record<string, Record<string, Measured>> = {};
  const streams: Record<string, StreamTiming> = {};
  let memory: MemoryResult | null = null;
  try {
    // Warm up connections, JIT and caches. Each worker of a target compiles its own code on its share
    // of the load: N workers get N times the warm-up (after one 4-s window, 2 workers still used 2–2.7 ×
    // the CPU per request they used two windows later; docs/benchmarks.md, 2026-12-06 05:00). The JIT
    // needs ~10 s of load, and a target left idle long after its warm-up measures worse, so the
    // targets take the warm-up in 2-s slices in turn (as compare-builds.ts does), at 32 connections:
    // after a warm-up at fewer, V8's helper threads were still compiling during the one-connection
    // windows (90–300 µs per request of the process's CPU, against 17–41 after 32 connections;
    // one-connection.ts --warmup-connections).
    for (let slice = 0; slice < (options.warmupSlices ?? 4); slice++)
      for (const target of targets)
        await load({ ...request(target, false), connections: 32, durationSeconds: 2 * (target.processes ?? 1) });
    for (const connections of options.connections) {
      const windows = new Map<string, Measured[]>(targets.map((target) => [target.name, []]));
      for (let round = 0; round < options.rounds; round++) {
        for (const target of turnOrder(targets, round)) {
          const cpuBefore = treeCpuMilliseconds(target.pid);
          const result = await load({
            ...request(target, false),
            connections,
            durationSeconds: options.durationSeconds,
          });
          const cpuMicrosecondsPerRequest =
            ((treeCpuMilliseconds(target.pid) - cpuBefore) * 1000) / Math.max(1, result.requests);
          windows.get(target.name)!.push({ ...result, cpuMicrosecondsPerRequest });
        }
      }
      for (const [name, measured] of windows) (results[name] ??= {})[connections] = medianCell(measured);
    }
    // Streamed requests under load, and the other client protocols, in interleaved windows too.
    const loaded = options.connections.filter((connections) => connections <= 32).at(-1) ?? options.connections[0]!;
    const cells: Array<{ cell: string; target: Target; path: string; stream: boolean }> = [];
    for (const target of targets) {
      if (target.streams)
        cells.push({ cell: `streamed chat, ${loaded} conn`, target, path: '/v1/chat/completions', stream: true });
      if (!target.protocols) continue;
      for (const protocol of ['/v1/messages', '/v1/responses']) {
        cells.push({ cell: `${protocol}, ${loaded} conn`, target, path: protocol, stream: false });
        cells.push({ cell: `${protocol} streamed, ${loaded} conn`, target, path: protocol, stream: true });
      }
    }
    const cellWindows = new Map<(typeof cells)[number], Measured[]>(cells.map((cell) => [cell, []]));
    for (let round = 0; round < options.rounds; round++) {
      for (const cell of turnOrder(cells, round)) {
        const cpuBefore = treeCpuMilliseconds(cell.target.pid);
        const result = await load({
          url: `${cell.target.url}${cell.path}`,
          body: protocolBodies[cell.path]!(cell.target.model, cell.stream),
          headers: { 'content-type': 'application/json', ...cell.target.headers },
          connections: loaded,
          durationSeconds: options.durationSeconds,
        });
        const cpuMicrosecondsPerRequest =
          ((treeCpuMilliseconds(cell.target.pid) - cpuBefore) * 1000) / Math.max(1, result.requests);
        cellWindows.get(cell)!.push({ ...result, cpuMicrosecondsPerRequest });
      }
    }
    for (const [cell, measured] of cellWindows) (extra[cell.cell] ??= {})[cell.target.name] = medianCell(measured);
    // Streams too are timed in interleaved rounds (the targets take turns), their samples pooled.
    const streamTargets = targets.filter((candidate) => candidate.streams);
    // The streamed path has its own code to warm up before its sequential timing.
    for (const target of streamTargets) await load({ ...request(target, true), connections: 8, durationSeconds: 2 });
    const samples = new Map(streamTargets.map((target) => [target.name, emptyStreamSamples()]));
    const perRound = Math.max(1, Math.ceil(options.streamSamples / options.rounds));
    for (let round = 0; round < options.rounds; round++) {
      for (const target of turnOrder(streamTargets, round)) {
        await sampleStreams(
          target.url,
          '/v1/chat/completions',
          target.headers,
          chatBody(target.model, true),
          perRound,
          samples.get(target.name),
        );
      }
    }
    for (const [name, pooled] of samples) streams[name] = summarizeStreams(pooled);
    if (options.memoryStreams > 0 || options.soakMinutes > 0) {
      memory = await measureMemory({ kaiyuan, streams: options.memoryStreams, soakMinutes: options.soakMinutes });
    }
  } finally {
    await stopProcess(kaiyuan.process);
    if (baseline) await stopProcess(baseline.process);
    for (const { target } of multi) await stopProcess(target.process);
    if (logOff) await stopProcess(logOff.process);
    if (portkey) await stopProcess(portkey.process);
    await proxy.stop();
    await jsonProxy.stop();
    await meteringProxy.stop();
    await upstream.stop();
    await slowUpstream.stop();
  }
  report(options, results, streams, memory, extra);
}

function report(
  options: GatewayBenchOptions,
  results: Record<string, Record<number, MeasuredCell>>,
  streams: Record<string, StreamTiming>,
  memory: MemoryResult | null,
  extra: Record<string, Record<string, Measured>> = {},
): void {
  const names = Object.keys(results);
  const rows = names.flatMap((name) =>
    options.connections.map((connections) => {
      const result = results[name]![connections]!;
      return [
        name,
        String(connections),
        result.requestsPerSecond,
        result.p50Ms,
        result.p99Ms,
        result.errors,
        result.cpuMicrosecondsPerRequest,
      ];
    }),
  );
  const tables: string[] = [];
  const cell = `median of ${options.rounds} interleaved ${options.durationSeconds}-s windows per cell`;
  tables.push(
    printTable(
      `Gateway, non-streamed chat completions (${cell}, load by ${wrkAvailable ? 'wrk' : 'autocannon'})`,
      ['target', 'connections', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'CPU µs/req'],
      rows,
    ),
  );
  tables.push(
    printTable(
      `Streamed chat completions and the other client protocols (${cell}; CPU summed over every process of a target)`,
      ['cell', 'target', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'CPU µs/req'],
      Object.entries(extra).flatMap(([name, byTarget]) =>
        Object.entries(byTarget).map(([target, result]) => [
          name,
          target,
          result.requestsPerSecond,
          result.p50Ms,
          result.p99Ms,
          result.errors,
          result.cpuMicrosecondsPerRequest,
        ]),
      ),
    ),
  );
  tables.push(
    printTable(
      `Streams, 1 connection, ${options.streamSamples} sequential requests in ${options.rounds} interleaved rounds`,
      ['target', 'TTFB p50 ms', 'TTFB p99 ms', 'total p50 ms', 'errors'],
      Object.keys(streams).map((name) => [
        name,
        streams[name]!.ttfbP50Ms,
        streams[name]!.ttfbP99Ms,
        streams[name]!.totalP50Ms,
        streams[name]!.errors,
      ]),
    ),
  );
  const [direct, minimal, jsonReading, metering, full] = [
    '1 upstream direct',
    '2 minimal proxy',
    '2b JSON-reading proxy',
    '2c metering proxy',
    '3 kaiyuan full path',
  ].map((name) => results[name]!);
  const directStreams = streams['1 upstream direct'];
  const fullStreams = streams['3 kaiyuan full path'];
  const at = (connections: number) =>
    options.connections.includes(connections) ? connections : options.connections[options.connections.length - 1]!;
  /** The full path's CPU per request at 32 connections over a floor's: of the medians, and per round. */
  const cpuOver = (floor: Record<number, MeasuredCell>) => [
    full![at(32)]!.cpuMicrosecondsPerRequest / floor[at(32)]!.cpuMicrosecondsPerRequest,
    medianOfRoundRatios(
      full![at(32)]!.windows.map((window) => window.cpuMicrosecondsPerRequest),
      floor[at(32)]!.windows.map((window) => window.cpuMicrosecondsPerRequest),
    ),
  ];
  const [overJson, overJsonPerRound] = cpuOver(jsonReading!);
  const [overMetering, overMeteringPerRound] = cpuOver(metering!);
  const ratios = [
    ['full / minimal proxy, req/s at 32', full![at(32)]!.requestsPerSecond / minimal![at(32)]!.requestsPerSecond, ''],
    ['full / JSON-reading proxy, CPU µs/req at 32', overJson, '≤ 1.25'],
    ["same, median of the rounds' ratios", overJsonPerRound, '≤ 1.25'],
    ['full / metering proxy (JSON + durable usage row), CPU µs/req at 32', overMetering, ''],
    ["same, median of the rounds' ratios", overMeteringPerRound, ''],
    [
      'metering proxy / JSON-reading proxy, CPU µs/req at 32',
      metering![at(32)]!.cpuMicrosecondsPerRequest / jsonReading![at(32)]!.cpuMicrosecondsPerRequest,
      '',
    ],
    [
      'JSON-reading proxy / minimal proxy, req/s at 32',
      jsonReading![at(32)]!.requestsPerSecond / minimal![at(32)]!.requestsPerSecond,
      '',
    ],
    [
      'full / JSON-reading proxy, req/s at 32',
      full![at(32)]!.requestsPerSecond / jsonReading![at(32)]!.requestsPerSecond,
      '',
    ],
    ['full / direct, req/s at 32', full![at(32)]!.requestsPerSecond / direct![at(32)]!.requestsPerSecond, ''],
    [`added p50 latency over direct at ${at(1)} conn (ms)`, full![at(1)]!.p50Ms - direct![at(1)]!.p50Ms, '≤ 0.3'],
    [`added p99 latency over direct at ${at(1)} conn (ms)`, full![at(1)]!.p99Ms - direct![at(1)]!.p99Ms, ''],
    ['added stream TTFB p50 over direct (ms)', fullStreams!.ttfbP50Ms - directStreams!.ttfbP50Ms, ''],
  ];
  for (const name of names.filter((candidate) => candidate.startsWith('4 kaiyuan'))) {
    const workers = results[name]!;
    ratios.push([
      `${name} / 1 worker, req/s at ${at(32)}`,
      workers[at(32)]!.requestsPerSecond / full![at(32)]!.requestsPerSecond,
      '',
    ]);
    ratios.push([
      `${name} / 1 worker, CPU µs/req at ${at(32)} (all processes)`,
      workers[at(32)]!.cpuMicrosecondsPerRequest / full![at(32)]!.cpuMicrosecondsPerRequest,
      '≈ 1 (flat)',
    ]);
  }
  const streamedCell = Object.keys(extra).find((cell) => cell.startsWith('streamed chat'));
  if (streamedCell) {
    const streamed = extra[streamedCell]!;
    ratios.push([
      `full / minimal proxy, streamed req/s (${streamedCell})`,
      streamed['3 kaiyuan full path']!.requestsPerSecond / streamed['2 minimal proxy']!.requestsPerSecond,
      '≥ 0.6',
    ]);
  }
  const peer = results[portkeyName];
  if (peer) {
    // The peer beside Kaiyuan: req/s ratio, and the latency each adds over the upstream called directly.
    ratios.push([
      `kaiyuan / portkey, req/s at ${at(32)}`,
      full![at(32)]!.requestsPerSecond / peer[at(32)]!.requestsPerSecond,
      '',
    ]);
    ratios.push([`portkey errors at ${at(32)} (non-streamed)`, peer[at(32)]!.errors, '']);
    ratios.push([
      `portkey added p50 latency over direct at ${at(1)} conn (ms)`,
      peer[at(1)]!.p50Ms - direct![at(1)]!.p50Ms,
      '',
    ]);
    ratios.push([
      `kaiyuan added p50 latency over direct at ${at(1)} conn (ms)`,
      full![at(1)]!.p50Ms - direct![at(1)]!.p50Ms,
      '',
    ]);
    if (streamedCell) {
      const streamed = extra[streamedCell]!;
      const peerStreamed = streamed[portkeyName];
      if (peerStreamed) {
        ratios.push([`portkey streamed req/s (${streamedCell}), errors included`, peerStreamed.requestsPerSecond, '']);
        ratios.push([`portkey streamed errors (${streamedCell})`, peerStreamed.errors, '']);
        ratios.push([
          `kaiyuan / portkey, streamed req/s (${streamedCell}), errors included`,
          streamed['3 kaiyuan full path']!.requestsPerSecond / peerStreamed.requestsPerSecond,
          '',
        ]);
      }
    }
    const peerStreams = streams[portkeyName];
    if (peerStreams) ratios.push(['portkey stream errors at 1 conn (sequential samples)', peerStreams.errors, '']);
  }
  const base = results[baselineName];
  const baseStreams = streams[baselineName];
  if (base && baseStreams) {
    for (const connections of options.connections) {
      ratios.push([
        `full / baseline, req/s at ${connections}`,
        full![connections]!.requestsPerSecond / base[connections]!.requestsPerSecond,
        '≈ 1',
      ]);
      ratios.push([
        `full − baseline, CPU µs/req at ${connections}`,
        full![connections]!.cpuMicrosecondsPerRequest - base[connections]!.cpuMicrosecondsPerRequest,
        '≈ 0',
      ]);
      ratios.push([
        `full − baseline, p50 ms at ${connections}`,
        full![connections]!.p50Ms - base[connections]!.p50Ms,
        '≈ 0',
      ]);
    }
    ratios.push(['full − baseline, stream TTFB p50 (ms)', fullStreams!.ttfbP50Ms - baseStreams.ttfbP50Ms, '≈ 0']);
  }
  const off = results[logOffName];
  const offStreams = streams[logOffName];
  if (off && offStreams) {
    for (const connections of options.connections) {
      const on = full![connections]!;
      ratios.push([
        `log on / log off, req/s at ${connections}`,
        on.requestsPerSecond / off[connections]!.requestsPerSecond,
        '≥ 0.95',
      ]);
      ratios.push([`log on − log off, p50 ms at ${connections}`, on.p50Ms - off[connections]!.p50Ms, '≈ 0']);
      ratios.push([
        `log on − log off, CPU µs/req at ${connections}`,
        on.cpuMicrosecondsPerRequest - off[connections]!.cpuMicrosecondsPerRequest,
        '',
      ]);
    }
    ratios.push(['log on − log off, stream TTFB p50 (ms)', fullStreams!.ttfbP50Ms - offStreams.ttfbP50Ms, '≈ 0']);
  }
  if (memory) {
    if (memory.streams > 0)
      ratios.push([`RSS with ${memory.streams} concurrent streams (MB)`, memory.peakRssMiB, '≤ 300']);
    if (memory.soakMinutes > 0) {
      ratios.push([
        `RSS growth over a ${memory.soakMinutes}-minute soak, all samples (MB/min)`,
        memory.growthMiBPerMinute,
        '',
      ]);
      ratios.push([
        `RSS growth over a ${memory.soakMinutes}-minute soak, per-minute floor (MB/min)`,
        memory.floorGrowthMiBPerMinute,
        '≈ 0',
      ]);
    }
  }
  tables.push(printTable('Targets', ['measure', 'value', 'target'], ratios));
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  process.stdout.write(`\nmachine: ${machine}\n`);
  const directory = path.resolve(here, '../results');
  mkdirSync(directory, { recursive: true });
  const file = path.join(directory, `gateway-${new Date().toISOString().replaceAll(':', '-')}.json`);
  const load = loadAverages();
  process.stdout.write(`load average at the end (1, 5, 15 min): ${load}\n`);
  writeFileSync(file, JSON.stringify({ machine, load, options, results, streams, memory, ratios, extra }, null, 2));
  process.stdout.write(`results: ${file}\n`);
}

/**
 * The targets in round order, reversed every other round (A B C, C B A, …): no target always
 * follows the same one, so what one target's load leaves behind (a busy core, a cold cache) does
 * not fall on the next one every time.
 */
function turnOrder<Item>(targets: Item[], round: number): Item[] {
  return round % 2 === 0 ? targets : [...targets].reverse();
}

/** One cell from its windows: the median of each figure (errors and requests summed), with the windows. */
function medianCell(windows: Measured[]): MeasuredCell {
  return {
    ...medianOfWindows(windows, ['requestsPerSecond', 'p50Ms', 'p99Ms', 'cpuMicrosecondsPerRequest']),
    windows,
  };
}
