import type { ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { freePort, startServerProcess } from './processes.ts';

const require = createRequire(import.meta.url);

export interface PortkeyPeer {
  process: ChildProcess;
  url: string;
  /** The headers that route a request through Portkey to the OpenAI-compatible upstream. */
  headers: Record<string, string>;
}

/** The installed gateway's entry point, or null when `@portkey-ai/gateway` is not installed. */
export function portkeyEntry(): string | null {
  try {
    return path.join(path.dirname(require.resolve('@portkey-ai/gateway/package.json')), 'build/start-server.js');
  } catch {
    return null;
  }
}

/**
 * Portkey's open-source gateway (`@portkey-ai/gateway`, the npm build of its Node server) as a peer
 * in the benchmark: its own process, in front of the same upstream, configured per request by its
 * headers (provider `openai` with a custom host = the upstream's /v1). It meters nothing and keeps
 * no balance; it is the "gateway without billing" a user would otherwise run.
 */
export async function startPortkey(entry: string, upstreamPort: number): Promise<PortkeyPeer> {
  const port = await freePort();
  const child = await startServerProcess(
    process.execPath,
    [entry, `--port=${port}`, '--headless'],
    {},
    // Its root route answers 200 once it listens.
    `http://127.0.0.1:${port}/`,
    120_000,
    // It prints a stack trace per failed request (every streamed one on Node 20); the benchmark counts them.
    true,
  );
  return {
    process: child,
    url: `http://127.0.0.1:${port}`,
    headers: {
      authorization: 'Bearer sk-bench',
      'x-portkey-provider': 'openai',
      'x-portkey-custom-host': `http://127.0.0.1:${upstreamPort}/v1`,
    },
  };
}
