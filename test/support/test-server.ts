import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { KaiyuanConfigInput } from '../../src/config/config-schema.ts';
import { resolveConfig } from '../../src/config/load-config.ts';
import { startServer, type RunningServer } from '../../src/main.ts';
import { testPasswordHasher } from './test-password-hasher.ts';

/**
 * Starts a real server in this process on a free loopback port, with a fresh data directory,
 * a fast simulator and silent logs. Sections of `overrides` replace the defaults; `environment`
 * is applied as the server's environment would be (KAIYUAN_ADMIN_TOKEN, provider keys, …).
 */
export async function startTestServer(
  overrides: KaiyuanConfigInput = {},
  environment: Record<string, string | undefined> = {},
): Promise<RunningServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kaiyuan-test-'));
  const raw: KaiyuanConfigInput = {
    server: { host: '127.0.0.1', port: 0 },
    dataDir,
    logging: { level: 'silent' },
    simulator: { enabled: true, options: { latencyMs: 0, tokensPerSecond: 0 } },
    discovery: { enabled: false },
    ...overrides,
  };
  return startServer({
    config: resolveConfig(raw, environment, 'test configuration'),
    passwordHasher: testPasswordHasher,
  });
}
