import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** Simulator and server settings for fast, deterministic browser tests. */
const testConfig = `server:
  host: 127.0.0.1
logging:
  level: warn
discovery:
  enabled: false
simulator:
  enabled: true
  options:
    latencyMs: 40
    tokensPerSecond: 400
    answerTokens: 24
`;

export interface KaiyuanServer {
  baseUrl: string;
  adminToken: string;
  dataDirectory: string;
  /** What the server wrote to stdout and stderr (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

/** A free loopback TCP port, found by binding port 0 and releasing it. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Starts `node bin/kaiyuan.js serve` as a child process with its own port, data directory,
 * admin token and config, and waits until /readyz answers 200.
 */
export async function startKaiyuanServer(options: { readyTimeoutMs?: number } = {}): Promise<KaiyuanServer> {
  const external = process.env.KAIYUAN_E2E_URL;
  if (external) return useExternalServer(external.replace(/\/$/, ''));
  const workDirectory = mkdtempSync(path.join(tmpdir(), 'kaiyuan-e2e-'));
  const dataDirectory = path.join(workDirectory, 'data');
  const configFile = path.join(workDirectory, 'kaiyuan.yaml');
  writeFileSync(configFile, testConfig);
  const port = await freePort();
  const adminToken = `e2e-${randomBytes(16).toString('hex')}`;
  const child = spawn(process.execPath, ['bin/kaiyuan.js', 'serve'], {
    cwd: repositoryRoot,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      KAIYUAN_DATA_DIR: dataDirectory,
      KAIYUAN_ADMIN_TOKEN: adminToken,
      KAIYUAN_CONFIG: configFile,
      LOG_LEVEL: 'warn',
      NODE_ENV: 'test',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  const baseUrl = `http://127.0.0.1:${port}`;
  const server: KaiyuanServer = {
    baseUrl,
    adminToken,
    dataDirectory,
    output: () => output,
    stop: async () => {
      await stopChild(child);
      rmSync(workDirectory, { recursive: true, force: true });
    },
  };
  try {
    await waitUntilReady(baseUrl, child, options.readyTimeoutMs ?? 60_000);
  } catch (error) {
    await server.stop();
    throw new Error(`${(error as Error).message}\n--- server output ---\n${output}`);
  }
  return server;
}

/** Runs the tests against a server started elsewhere (a fresh one: the first-run test creates the owner). */
async function useExternalServer(baseUrl: string): Promise<KaiyuanServer> {
  const response = await fetch(`${baseUrl}/readyz`).catch((error: Error) => {
    throw new Error(`KAIYUAN_E2E_URL=${baseUrl} is not reachable: ${error.message}`);
  });
  if (response.status !== 200) throw new Error(`KAIYUAN_E2E_URL=${baseUrl}/readyz answered ${response.status}`);
  return { baseUrl, adminToken: process.env.KAIYUAN_ADMIN_TOKEN ?? '', dataDirectory: '', output: () => '', stop: async () => {} };
}

async function waitUntilReady(baseUrl: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`kaiyuan serve exited early (code ${child.exitCode}, signal ${child.signalCode})`);
    }
    try {
      const response = await fetch(`${baseUrl}/readyz`);
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`kaiyuan serve was not ready at ${baseUrl}/readyz within ${timeoutMs} ms`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
