/**
 * `npm run bench flood [-- --duration S --flooders N --body-mb M --baseline DIR]`: an authenticated
 * tenant's latency and the server's memory, quiet and under a flood of unauthenticated large
 * bodies (N clients each sending M MB bodies without a key, again and again). With --baseline
 * (another built checkout, e.g. the main branch before the fix) the same runs against it, so the
 * table shows before and after.
 */
import { spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Agent, request } from 'undici';
import { startKaiyuan, type KaiyuanTarget } from '../gateway/kaiyuan-target.ts';
import { rssMiB, startScript, stopProcess } from '../support/processes.ts';
import { printTable } from '../support/table.ts';

export interface FloodBenchOptions {
  durationSeconds: number;
  flooders: number;
  bodyMb: number;
  baseline?: string;
}

interface Phase {
  p50: number;
  p99: number;
  requests: number;
  errors: number;
  peakRssMiB: number;
}

const chat = JSON.stringify({
  model: 'bench-model',
  messages: [{ role: 'user', content: 'hello there' }],
  max_tokens: 16,
});

/** The tenant: one request after another for the duration; latencies in ms. */
async function tenant(target: KaiyuanTarget, seconds: number, pid: number): Promise<Phase> {
  const agent = new Agent({ connections: 1 });
  const latencies: number[] = [];
  let errors = 0;
  let peak = rssMiB(pid);
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    const started = performance.now();
    try {
      const response = await request(`${target.url}/v1/chat/completions`, {
        method: 'POST',
        dispatcher: agent,
        headers: { authorization: `Bearer ${target.apiKey}`, 'content-type': 'application/json' },
        body: chat,
        headersTimeout: 30_000,
        bodyTimeout: 30_000,
      });
      await response.body.dump();
      if (response.statusCode !== 200) errors++;
      else latencies.push(performance.now() - started);
    } catch {
      errors++;
    }
    peak = Math.max(peak, rssMiB(pid));
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await agent.close();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
  return { p50: at(0.5), p99: at(0.99), requests: latencies.length, errors, peakRssMiB: peak };
}

/** One flooder: POSTs a `bodyMb` body without a key, as fast as the server takes it, until stopped. */
function flooder(url: string, bodyMb: number, stopped: () => boolean, counters: { sent: number; answered: number }) {
  const block = Buffer.alloc(1024 * 1024, 0x20);
  const paths = ['/v1/chat/completions', '/v1/datasets', '/admin/v1/organizations', '/console/api/auth/login'];
  let index = 0;
  const once = () =>
    new Promise<void>((resolve) => {
      const target = `${url}${paths[index++ % paths.length]}`;
      const client = httpRequest(target, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': String(bodyMb * 1024 * 1024) },
      });
      let written = 0;
      const finish = () => {
        client.destroy();
        resolve();
      };
      client.on('response', (response) => {
        counters.answered++;
        response.resume();
        finish();
      });
      client.on('error', finish);
      client.on('close', finish);
      const pump = () => {
        while (written < bodyMb && !client.destroyed) {
          written++;
          if (!client.write(written === 1 ? Buffer.concat([Buffer.from('{"x":"'), block.subarray(6)]) : block)) {
            client.once('drain', pump);
            return;
          }
        }
        if (!client.destroyed) client.end();
      };
      counters.sent++;
      pump();
    });
  return (async () => {
    while (!stopped()) await once();
  })();
}

async function measure(name: string, target: KaiyuanTarget, options: FloodBenchOptions) {
  const pid = target.process.pid!;
  // Warm up, then idle memory.
  await tenant(target, 2, pid);
  const idleRss = rssMiB(pid);
  const quiet = await tenant(target, options.durationSeconds, pid);
  // The flood comes from another process, so that it does not slow the tenant's own event loop.
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      import.meta.filename,
      'flood-clients',
      target.url,
      String(options.flooders),
      String(options.bodyMb),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  // Measure once the flood runs (the child says so), plus a second for it to build up.
  while (!output.includes('flooding')) await new Promise((resolve) => setTimeout(resolve, 100));
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const flooded = await tenant(target, options.durationSeconds, pid);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
  const counters = JSON.parse(output.trim().split('\n').pop()!) as {
    sent: number;
    answered: number;
  };
  return { name, idleRss, quiet, flooded, counters };
}

export async function runFloodBench(options: FloodBenchOptions): Promise<void> {
  const here = path.resolve(import.meta.dirname, '../gateway');
  const upstream = await startScript(path.join(here, 'fast-upstream.ts'), ['0', '16']);
  const results = [];
  try {
    const targets: Array<[string, string | undefined]> = [['this checkout', undefined]];
    if (options.baseline)
      targets.unshift([`baseline (${options.baseline})`, path.resolve(options.baseline, 'bin/kaiyuan.js')]);
    for (const [name, bin] of targets) {
      const target = await startKaiyuan(upstream.port, upstream.port, [], bin);
      try {
        results.push(await measure(name, target, options));
      } finally {
        await stopProcess(target.process);
      }
    }
  } finally {
    await upstream.stop();
  }
  const table = printTable(
    `Tenant latency and server memory under a flood of unauthenticated ${options.bodyMb} MB bodies (${options.flooders} clients, ${options.durationSeconds} s per phase)`,
    [
      'server',
      'quiet p50 ms',
      'flood p50 ms',
      'p50 ×',
      'quiet p99 ms',
      'flood p99 ms',
      'tenant errors',
      'idle RSS MiB',
      'flood peak RSS MiB',
      'RSS Δ MiB',
      'flood bodies sent / answered',
    ],
    results.map((result) => [
      result.name,
      result.quiet.p50,
      result.flooded.p50,
      result.flooded.p50 / result.quiet.p50,
      result.quiet.p99,
      result.flooded.p99,
      result.quiet.errors + result.flooded.errors,
      result.idleRss,
      result.flooded.peakRssMiB,
      result.flooded.peakRssMiB - result.idleRss,
      `${result.counters.sent} / ${result.counters.answered}`,
    ]),
  );
  mkdirSync(path.resolve(import.meta.dirname, '../results'), { recursive: true });
  writeFileSync(
    path.resolve(import.meta.dirname, '../results', `flood-${Date.now()}.json`),
    JSON.stringify({ options, results, table }, null, 2),
  );
}

/** The flood's own process: `flood-clients URL N MB`; prints its counts as JSON on SIGTERM. */
if (process.argv[2] === 'flood-clients') {
  const [url, flooders, bodyMb] = process.argv.slice(3);
  let stop = false;
  const counters = { sent: 0, answered: 0 };
  for (let index = 0; index < Number(flooders); index++) void flooder(url!, Number(bodyMb), () => stop, counters);
  process.stdout.write('flooding\n');
  process.once('SIGTERM', () => {
    stop = true;
    process.stdout.write(`${JSON.stringify(counters)}\n`, () => process.exit(0));
  });
}
