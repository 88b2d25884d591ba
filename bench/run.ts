/**
 * `npm run bench [gateway|data] [-- options]`: self-contained benchmarks on loopback; each prints
 * tables and writes JSON under bench/results/.
 *   gateway: --duration S (5) --rounds N (3) --connections 1,32,256 --streams N (1000, memory) --soak M (0) --samples N (300)
 *            --baseline DIR (another built checkout run beside this one, windows interleaved)
 *            --workers 2 (the full path also on 2 workers, CPU summed over the primary and its workers)
 *            --request-log-ab (this checkout again with the request log off, windows interleaved)
 *            --no-peers (leave out the peer gateways; by default Portkey's npm gateway runs beside Kaiyuan)
 *            then the CPU per request and per relayed chunk (bench/gateway/stream-cost.ts: upstreams that
 *            batch their stream or write each part on its own, server-side latency; --syscalls adds
 *            system calls per request under strace; --no-stream-cost skips it) and the relay in process
 *   data:    --quick, --filters (only the record-wise filters); see bench/data/run-data-bench.ts
 *   flood:   --duration S (10) --flooders N (16) --body-mb M (30) --baseline DIR (the same against another checkout)
 *   routing: --iterations N (20000) --rounds N (5): the routing overhead per request, in process
 */
import { parseArgs } from 'node:util';
import { runGatewayBench } from './gateway/run-gateway-bench.ts';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  strict: false,
  options: {
    duration: { type: 'string' },
    rounds: { type: 'string' },
    connections: { type: 'string' },
    streams: { type: 'string' },
    soak: { type: 'string' },
    samples: { type: 'string' },
    quick: { type: 'boolean' },
    baseline: { type: 'string' },
    workers: { type: 'string' },
    'request-log-ab': { type: 'boolean' },
    'no-peers': { type: 'boolean' },
    filters: { type: 'boolean' },
    flooders: { type: 'string' },
    'body-mb': { type: 'string' },
    iterations: { type: 'string' },
    syscalls: { type: 'boolean' },
    'no-stream-cost': { type: 'boolean' },
  },
});

const which = positionals[0] ?? 'all';
const quick = values.quick === true;

if (which === 'gateway' || which === 'all') {
  await runGatewayBench({
    durationSeconds: Number(values.duration ?? (quick ? 3 : 5)),
    rounds: Number(values.rounds ?? (quick ? 1 : 3)),
    connections: String(values.connections ?? '1,32,256')
      .split(',')
      .map(Number),
    streamSamples: Number(values.samples ?? (quick ? 100 : 300)),
    memoryStreams: Number(values.streams ?? (quick ? 200 : 1000)),
    soakMinutes: Number(values.soak ?? 0),
    warmupSlices: quick ? 2 : 4,
    baseline: typeof values.baseline === 'string' ? values.baseline : undefined,
    workers: typeof values.workers === 'string' ? values.workers.split(',').map(Number) : [],
    requestLogAb: values['request-log-ab'] === true,
    peers: values['no-peers'] !== true,
  });
  if (values['no-stream-cost'] !== true) {
    const { runStreamCost } = await import('./gateway/stream-cost.ts');
    await runStreamCost({
      rounds: Number(values.rounds ?? (quick ? 1 : 3)),
      durationSeconds: Number(values.duration ?? (quick ? 2 : 5)),
      connections: 32,
      samples: Number(values.samples ?? (quick ? 100 : 300)),
      syscalls: values.syscalls === true,
      builds: typeof values.baseline === 'string' ? [values.baseline] : [],
      warmupSeconds: quick ? 4 : 6,
    });
    const { printRelayCost } = await import('./gateway/relay-cost.ts');
    await printRelayCost(quick ? 2_000 : 20_000);
  }
}
if (which === 'flood') {
  const { runFloodBench } = await import('./flood/run-flood-bench.ts');
  await runFloodBench({
    durationSeconds: Number(values.duration ?? (quick ? 5 : 10)),
    flooders: Number(values.flooders ?? 16),
    bodyMb: Number(values['body-mb'] ?? 30),
    baseline: typeof values.baseline === 'string' ? values.baseline : undefined,
  });
}
if (which === 'routing' || which === 'all') {
  const { runRoutingBench } = await import('./routing/run-routing-bench.ts');
  await runRoutingBench({
    iterations: Number(values.iterations ?? (quick ? 5_000 : 20_000)),
    rounds: Number(values.rounds ?? (quick ? 3 : 5)),
  });
}
if (which === 'data' || which === 'all') {
  const { runDataBench } = await import('./data/run-data-bench.ts');
  await runDataBench({ quick, filtersOnly: values.filters === true });
}
