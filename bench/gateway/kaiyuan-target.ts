import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { ChildProcess } from 'node:child_process';
import { freePort, processTree, startServerProcess } from '../support/processes.ts';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const kaiyuan = path.join(root, 'bin/kaiyuan.js');
/**
 * The Node flags `npm start` runs the server with (the package.json of the checkout `bin` belongs
 * to), so that the benchmark measures that, and an A/B of two checkouts runs each with its own.
 */
function startFlags(bin: string): string[] {
  const packageFile = path.join(path.dirname(path.dirname(bin)), 'package.json');
  return (JSON.parse(readFileSync(packageFile, 'utf8')) as { scripts: { start: string } }).scripts.start
    .split(' ')
    .filter((word) => word.startsWith('--'));
}

export interface KaiyuanTarget {
  process: ChildProcess;
  url: string;
  apiKey: string;
}

/**
 * Starts Kaiyuan with the full request path on: an API key (auth), a plan with RPM and TPM limits
 * (set high enough never to refuse), metering and the ledger on SQLite, routing to the upstream.
 * It runs as `npm start` runs it (the start script's Node flags, the compiled bundle when built);
 * `bin` picks another checkout's `bin/kaiyuan.js` (A/B comparisons of two versions).
 */
export async function startKaiyuan(
  upstreamPort: number,
  slowUpstreamPort: number,
  nodeOptions: string[] = [],
  bin = kaiyuan,
  /** More of the server's environment (e.g. KAIYUAN_REQUEST_LOG=false for the request log's A/B). */
  extraEnvironment: Record<string, string> = {},
  workers = 1,
): Promise<KaiyuanTarget> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kaiyuan-bench-'));
  const port = await freePort();
  const configFile = path.join(dataDir, 'kaiyuan.yaml');
  writeFileSync(
    configFile,
    `server:
  host: 127.0.0.1
  port: ${port}
logging:
  level: warn
discovery:
  enabled: false
routing:
  healthCheck:
    enabled: false
providers:
  bench-upstream:
    type: openai-compatible
    baseUrl: http://127.0.0.1:${upstreamPort}/v1
    maxConnections: 512
  slow-upstream:
    type: openai-compatible
    baseUrl: http://127.0.0.1:${slowUpstreamPort}/v1
    maxConnections: 2048
models:
  bench-model:
    deployments:
      - provider: bench-upstream
        model: bench
  bench-slow:
    deployments:
      - provider: slow-upstream
        model: bench
commerce:
  plans:
    bench:
      payAsYouGo: true
      limits: { rpm: 100000000, tpm: 100000000000 }
      priority: 5
  prices:
    bench-model: { input: 1, output: 2, currency: CNY }
    bench-slow: { input: 1, output: 2, currency: CNY }
`,
  );
  const environment = {
    KAIYUAN_WORKERS: String(workers),
    KAIYUAN_CONFIG: configFile,
    KAIYUAN_DATA_DIR: dataDir,
    KAIYUAN_ADMIN_TOKEN: 'bench-admin-token-0123456789',
    ...extraEnvironment,
  };
  const cli = (args: string[]) =>
    run(process.execPath, [bin, ...args], { env: { ...process.env, ...environment }, cwd: dataDir });
  const { stdout } = await cli(['keys', 'create', '--org', 'bench', '--plan', 'bench', '--json']);
  const apiKey = JSON.parse(stdout).key as string;
  await cli(['topups', 'add', '--org', 'bench', '--amount', '1000000']);
  const child = await startServerProcess(
    process.execPath,
    [...startFlags(bin), ...nodeOptions, bin, 'serve'],
    environment,
    `http://127.0.0.1:${port}/readyz`,
    120_000,
  );
  // /readyz answers once the first worker listens; the others follow.
  const deadline = Date.now() + 120_000;
  while (workers > 1 && processTree(child.pid!).length - 1 < workers && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 250));
  if (workers > 1) await new Promise((resolve) => setTimeout(resolve, 5_000));
  return { process: child, url: `http://127.0.0.1:${port}`, apiKey };
}
