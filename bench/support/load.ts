import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import autocannon from 'autocannon';

const run = promisify(execFile);

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  requests: number;
}

export interface LoadOptions {
  url: string;
  body: string;
  headers: Record<string, string>;
  connections: number;
  durationSeconds: number;
}

export const wrkAvailable = existsSync('/usr/bin/wrk');

/** Drives POST load with wrk (C, not the bottleneck) when installed, else autocannon. */
export async function load(options: LoadOptions): Promise<LoadResult> {
  return wrkAvailable ? loadWithWrk(options) : loadWithAutocannon(options);
}

async function loadWithWrk(options: LoadOptions): Promise<LoadResult> {
  const directory = mkdtempSync(path.join(tmpdir(), 'kaiyuan-wrk-'));
  const script = path.join(directory, 'post.lua');
  const headerLines = Object.entries(options.headers).map(
    ([name, value]) => `wrk.headers[${JSON.stringify(name)}] = ${JSON.stringify(value)}`,
  );
  writeFileSync(
    script,
    [`wrk.method = "POST"`, `wrk.body = ${JSON.stringify(options.body)}`, ...headerLines].join('\n'),
  );
  const threads = options.connections === 1 ? 1 : 2;
  const { stdout } = await run(
    'wrk',
    [
      '-t',
      String(threads),
      '-c',
      String(options.connections),
      '-d',
      `${options.durationSeconds}s`,
      '--latency',
      '-s',
      script,
      options.url,
    ],
    {
      maxBuffer: 1 << 20,
    },
  );
  const number = (pattern: RegExp) => Number(pattern.exec(stdout)?.[1] ?? 'NaN');
  const latency = (percentile: string) => {
    const match = new RegExp(`\\s${percentile}%\\s+([\\d.]+)(us|ms|s)`).exec(stdout);
    if (!match) return Number.NaN;
    const value = Number(match[1]);
    return match[2] === 'us' ? value / 1000 : match[2] === 's' ? value * 1000 : value;
  };
  const non2xx = number(/Non-2xx or 3xx responses: (\d+)/) || 0;
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(stdout);
  const socketErrors = socket ? socket.slice(1).reduce((sum, value) => sum + Number(value), 0) : 0;
  return {
    requestsPerSecond: number(/Requests\/sec:\s+([\d.]+)/),
    p50Ms: latency('50'),
    p99Ms: latency('99'),
    errors: non2xx + socketErrors,
    requests: number(/(\d+) requests in/),
  };
}

async function loadWithAutocannon(options: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    method: 'POST',
    body: options.body,
    headers: options.headers,
    connections: options.connections,
    duration: options.durationSeconds,
  });
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.non2xx + result.timeouts,
    requests: result.requests.total,
  };
}
