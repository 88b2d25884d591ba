import { afterAll, afterEach, beforeAll } from 'vitest';
import type { Agent } from 'undici';
import type { ProviderSettings } from '../spec.ts';
import { FixtureServer, testSettings } from './fixture-server.ts';

/**
 * The fixture upstream of one test file: started before its tests and stopped after them.
 * `settings` hands out provider settings against it (as `testSettings`) whose connection pools are
 * closed after each test.
 */
export function useFixtureServer(): {
  server: FixtureServer;
  settings<Quirks extends object = Record<never, never>>(
    url: string,
    quirks?: Quirks,
    headers?: Record<string, string>,
  ): ProviderSettings & { dispatcher: Agent; quirks: Quirks };
} {
  const server = new FixtureServer();
  const agents: Agent[] = [];
  beforeAll(async () => {
    await server.start();
  });
  afterAll(() => server.stop());
  afterEach(async () => {
    await Promise.all(agents.splice(0).map((agent) => agent.close()));
  });
  return {
    server,
    settings(url, quirks, headers) {
      const settings = testSettings(url, quirks, headers);
      agents.push(settings.dispatcher);
      return settings;
    },
  };
}
