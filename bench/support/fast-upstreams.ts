import path from 'node:path';
import { startScript, type Started } from './processes.ts';

const script = path.resolve(import.meta.dirname, '../gateway/fast-upstream.ts');

/**
 * The two upstreams the gateway benchmarks route to (see `kaiyuan-target.ts`): `upstream` answers at
 * once, `slow` after 150 ms (the slow model of the concurrency cells). Both are 16-connection
 * simulators in their own processes.
 */
export async function startFastUpstreams(): Promise<{ upstream: Started; slow: Started }> {
  const upstream = await startScript(script, ['0', '16']);
  const slow = await startScript(script, ['0', '16', '150']);
  return { upstream, slow };
}
