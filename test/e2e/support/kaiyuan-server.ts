import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { startServerProcess } from '../../support/server-process.ts';

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
commerce:
  prices:
    e2e-channel-model: { input: 1, output: 2 }
`;

export interface KaiyuanServer {
  baseUrl: string;
  adminToken: string;
  dataDirectory: string;
  /** What the server wrote to stdout and stderr (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts `node bin/kaiyuan.js serve` as a child process with its own port, data directory,
 * admin token and config, and waits until /readyz answers 200.
 */
export async function startKaiyuanServer(): Promise<KaiyuanServer> {
  const external = process.env.KAIYUAN_E2E_URL;
  if (external) return useExternalServer(external.replace(/\/$/, ''));
  const adminToken = `e2e-${randomBytes(16).toString('hex')}`;
  const server = await startServerProcess({
    configYaml: testConfig,
    environment: { KAIYUAN_ADMIN_TOKEN: adminToken, NODE_ENV: 'test' },
  });
  return {
    baseUrl: server.url,
    adminToken,
    dataDirectory: server.dataDir,
    output: server.output,
    stop: async () => {
      await server.stop();
      rmSync(path.dirname(server.dataDir), { recursive: true, force: true });
    },
  };
}

/** Runs the tests against a server started elsewhere (a fresh one: the first-run test creates the owner). */
async function useExternalServer(baseUrl: string): Promise<KaiyuanServer> {
  const response = await fetch(`${baseUrl}/readyz`).catch((error: Error) => {
    throw new Error(`KAIYUAN_E2E_URL=${baseUrl} is not reachable: ${error.message}`);
  });
  if (response.status !== 200) throw new Error(`KAIYUAN_E2E_URL=${baseUrl}/readyz answered ${response.status}`);
  return {
    baseUrl,
    adminToken: process.env.KAIYUAN_ADMIN_TOKEN ?? '',
    dataDirectory: '',
    output: () => '',
    stop: async () => {},
  };
}
