import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));
export const processAdminToken = 'ky-admin-process-test-0123456789abcdefghijklmnop';

export interface ServerProcess {
  url: string;
  dataDir: string;
  child: ChildProcess;
  output(): string;
  /** SIGTERM and wait (no-op when already gone). */
  stop(): Promise<void>;
  /** SIGKILL (kill -9) and wait. */
  kill(): Promise<void>;
}

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
 * Starts `node bin/kaiyuan.js serve` on a free port with the given kaiyuan.yaml text and
 * environment (DATABASE_URL, REDIS_URL, …), and waits until /readyz answers 200.
 */
export async function startServerProcess(
  options: { configYaml?: string; environment?: Record<string, string>; dataDir?: string } = {},
): Promise<ServerProcess> {
  const work = mkdtempSync(path.join(tmpdir(), 'kaiyuan-process-'));
  const dataDir = options.dataDir ?? path.join(work, 'data');
  const configFile = path.join(work, 'kaiyuan.yaml');
  writeFileSync(
    configFile,
    options.configYaml ??
      'server:\n  host: 127.0.0.1\ndiscovery:\n  enabled: false\nsimulator:\n  enabled: true\n  options:\n    latencyMs: 5\n    tokensPerSecond: 2000\n',
  );
  const port = await freePort();
  const child = spawn(process.execPath, ['bin/kaiyuan.js', 'serve'], {
    cwd: repositoryRoot,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      KAIYUAN_DATA_DIR: dataDir,
      KAIYUAN_ADMIN_TOKEN: processAdminToken,
      KAIYUAN_CONFIG: configFile,
      LOG_LEVEL: 'warn',
      ...options.environment,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output}`);
    try {
      if ((await fetch(`${url}/readyz`)).status === 200) break;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (Date.now() >= deadline) throw new Error(`server did not become ready:\n${output}`);
  const signal = async (name: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name);
    // A server that does not stop within 5 s of SIGTERM is killed.
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };
  return { url, dataDir, child, output: () => output, stop: () => signal('SIGTERM'), kill: () => signal('SIGKILL') };
}

/** Calls the admin API with the admin token. */
export async function adminCall(url: string, method: string, route: string, body?: unknown): Promise<any> {
  const response = await fetch(`${url}${route}`, {
    method,
    headers: { authorization: `Bearer ${processAdminToken}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await response.json();
  if (response.status >= 300) throw new Error(`${method} ${route} → ${response.status} ${JSON.stringify(json)}`);
  return json;
}

/** An organization with a balance (currency units) and an API key, through the admin API. */
export async function provisionOverHttp(
  url: string,
  input: { name: string; plan?: string; balance?: number; limits?: Record<string, number> },
): Promise<{ orgId: string; key: string }> {
  const organization = await adminCall(url, 'POST', '/admin/v1/organizations', {
    name: input.name,
    plan: input.plan ?? 'pro',
  });
  if (input.balance)
    await adminCall(url, 'POST', `/admin/v1/organizations/${organization.id}/top-ups`, { amount: input.balance });
  const key = await adminCall(url, 'POST', '/admin/v1/keys', {
    orgId: organization.id,
    name: 'test',
    limits: input.limits,
  });
  return { orgId: organization.id, key: key.key };
}
