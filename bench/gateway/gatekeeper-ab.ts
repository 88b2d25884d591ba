/**
 * The billing gatekeeper's own CPU in one process: admit + settle of a paid request with rate
 * limits (memory limiter and budgets, the usage write answered at once), this checkout's
 * BillingGatekeeper against another checkout's, rounds interleaved. For changes to the gatekeeper
 * whose cost is far below the gateway benchmark's noise on a busy machine.
 * Usage: node --import tsx bench/gateway/gatekeeper-ab.ts OTHER_CHECKOUT [rounds] [requests per round]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createTenant, createTestCommerce } from '../../test/support/test-commerce.ts';
import type { BillingGatekeeper, BillingGatekeeperDependencies } from '../../src/billing/billing-gatekeeper.ts';
import type { AdmissionRequest, RequestOutcome } from '../../src/inference/gateway-hooks.ts';

const other = path.resolve(process.argv[2] ?? '');
const rounds = Number(process.argv[3] ?? 8);
const requests = Number(process.argv[4] ?? 20_000);
/**
 * Each checkout's gatekeeper bundled as build:server bundles the server (esbuild, no kept names:
 * tsx's `__name` on every closure would weigh on the figures).
 */
mkdirSync(path.resolve(import.meta.dirname, '../../node_modules/.cache'), { recursive: true });
// Beside node_modules, so that the bundles' external packages resolve.
const bundles = mkdtempSync(path.resolve(import.meta.dirname, '../../node_modules/.cache/gatekeeper-ab-'));
async function gatekeeperOf(checkout: string, name: string): Promise<typeof BillingGatekeeper> {
  const outfile = path.join(bundles, `${name}.mjs`);
  execFileSync(path.resolve(import.meta.dirname, '../../node_modules/.bin/esbuild'), [
    path.join(checkout, 'src/billing/billing-gatekeeper.ts'),
    '--bundle',
    '--platform=node',
    '--format=esm',
    '--packages=external',
    '--target=node20',
    `--outfile=${outfile}`,
    '--log-level=warning',
  ]);
  return ((await import(pathToFileURL(outfile).href)) as { BillingGatekeeper: typeof BillingGatekeeper })
    .BillingGatekeeper;
}
const ThisGatekeeper = await gatekeeperOf(path.resolve(import.meta.dirname, '../..'), 'this');
const OtherGatekeeper = await gatekeeperOf(other, 'other');

const context = await createTestCommerce('sqlite');
// The pro plan's limits raised so that they never refuse (as the gateway benchmark's plan).
const { principal: tenant } = await createTenant(context.commerce, { name: 'bench', balance: 10 ** 15 });
const principal = { ...tenant, keyLimits: { rpm: 10 ** 9, tpm: 10 ** 12 } };
const plans = context.commerce.plans as unknown as { effectiveLimits: (...args: unknown[]) => unknown };
plans.effectiveLimits = () => ({ rpm: 10 ** 9, tpm: 10 ** 12 });
const deps = (context.commerce.gatekeeper as unknown as { deps: BillingGatekeeperDependencies }).deps;
const usage = {
  write: async () => ({ written: true, charged: 1_000 }),
  drain: async () => undefined,
};
const builds = [
  { name: 'this checkout', gatekeeper: new ThisGatekeeper({ ...deps, usage }) },
  { name: other, gatekeeper: new OtherGatekeeper({ ...deps, usage }) },
];
const outcome: RequestOutcome = {
  status: 'completed',
  usage: { promptTokens: 12, completionTokens: 16, cachedTokens: 0, reasoningTokens: 0 },
  usageEstimated: false,
  servedBy: { deploymentId: 'sim-1', provider: 'simulator', upstreamModel: 'sim-chat' },
  latencyMs: 3,
  ttftMs: null,
  errorCode: null,
  attempts: 1,
};
let sequence = 0;
const request = (): AdmissionRequest => ({
  requestId: `req_bench_${sequence++}`,
  principal,
  endpoint: 'chat',
  model: 'sim-chat',
  promptTokens: 12,
  maxOutputTokens: 64,
  stream: false,
});

async function round(gatekeeper: BillingGatekeeper, count: number): Promise<number> {
  const started = process.cpuUsage();
  // 32 in flight, as at 32 connections.
  let left = count;
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (left-- > 0) await (await gatekeeper.admit(request())).settle(outcome);
    }),
  );
  const spent = process.cpuUsage(started);
  return (spent.user + spent.system) / count;
}

for (const { gatekeeper } of builds) await round(gatekeeper, requests);
const figures = builds.map(() => [] as number[]);
for (let index = 0; index < rounds; index++)
  for (const [at, { gatekeeper }] of builds.entries()) figures[at]!.push(await round(gatekeeper, requests));
for (const [at, { name }] of builds.entries()) {
  const sorted = [...figures[at]!].sort((left, right) => left - right);
  console.log(
    `${name}: median ${sorted[sorted.length >> 1]!.toFixed(2)} µs CPU per admit + settle (rounds ${figures[at]!.map((value) => value.toFixed(2)).join(' ')})`,
  );
}
await context.close();
rmSync(bundles, { recursive: true, force: true });
