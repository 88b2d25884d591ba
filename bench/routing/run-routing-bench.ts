/**
 * `npm run bench routing`: what routing adds to a request, in process and without I/O. The same
 * non-streamed chat request goes (a) straight to a provider that answers at once, and (b) through
 * the inference service — model lookup, deployment order, deadline, fallback loop, breaker
 * verdict, concurrency slot, response headers, the client's model name — in the setups below.
 * The difference per request is the routing overhead; upstream time and billing are left out
 * (open gatekeeper), so the figure is routing's alone.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { adminPrincipal } from '../../src/accounts/authenticator.ts';
import type { Principal } from '../../src/accounts/principal.ts';
import { PublishedModels } from '../../src/channels/published-models.ts';
import { DeploymentState, type Deployment } from '../../src/inference/deployment.ts';
import { openGatekeeper } from '../../src/inference/gateway-hooks.ts';
import { InferenceService, type RequestContext } from '../../src/inference/inference-service.ts';
import type { ModelEntry } from '../../src/inference/model-registry.ts';
import { testModelEntry } from '../../src/inference/testing/model-entry.ts';
import { requestOverrides } from '../../src/http/request-overrides.ts';
import type { RoutingStrategy } from '../../src/config/config-schema.ts';
import type { JsonResult, Provider, ProviderCall } from '../../src/providers/spec.ts';
import { CancelSource } from '../../src/util/cancel-signal.ts';
import { printTable } from '../support/table.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const answerJson = {
  id: 'chatcmpl-bench',
  object: 'chat.completion',
  created: 1_700_000_000,
  model: 'upstream-model',
  choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 9, completion_tokens: 1, total_tokens: 10 },
};
const answer: JsonResult = {
  text: JSON.stringify(answerJson),
  json: answerJson,
  usage: { promptTokens: 9, completionTokens: 1, cachedTokens: 0, reasoningTokens: 0 },
};

/** A provider that answers at once (or fails at once): no I/O, so only routing is measured. */
function instantProvider(name: string, fails = false): Provider {
  const failure = Object.assign(new Error('upstream failed'), {});
  return {
    name,
    protocol: 'openai-compatible',
    streamUsage: true,
    async chat(_call: ProviderCall) {
      if (fails) throw failure;
      return answer;
    },
    async chatStream() {
      throw new Error('not used');
    },
  };
}

function deployment(model: string, name: string, options: { priority?: number; maxConcurrency?: number } = {}) {
  const result: Deployment = {
    id: `${model}@${name}`,
    model,
    providerName: name,
    provider: instantProvider(name),
    upstreamModel: 'upstream-model',
    weight: 1,
    priority: options.priority ?? 0,
    tags: [],
    cost: { input: 1, output: 2 },
    maxConcurrency: options.maxConcurrency ?? null,
    timeouts: { connectMs: 5_000, firstByteMs: 60_000, idleMs: 60_000, totalMs: 600_000 },
    enabled: true,
    state: new DeploymentState(),
  };
  return result;
}

interface Setup {
  name: string;
  models: ModelEntry[];
  principal: Principal | null;
  headers?: Record<string, string>;
  planFallbacks?: Record<string, string[]>;
}

function setups(): Setup[] {
  const single = (strategy: RoutingStrategy, count: number, extra: Partial<ModelEntry> = {}) =>
    testModelEntry({
      id: 'chat',
      strategy,
      deployments: Array.from({ length: count }, (_, index) => deployment('chat', `p${index}`, { priority: index })),
      ...extra,
    });
  const customer: Principal = {
    ...adminPrincipal,
    role: 'member',
    orgId: 'org',
    planId: 'pro',
    routingOverrides: true,
  };
  const withOpenPrimary = single('priority', 3);
  // The first deployment's breaker is open: every request passes it over.
  for (let index = 0; index < 10; index++)
    withOpenPrimary.deployments[0]!.state.recordFailure('upstream_error', 'down');
  return [
    { name: '1 deployment, priority', models: [single('priority', 1)], principal: null },
    { name: '4 deployments, weighted', models: [single('weighted', 4)], principal: null },
    { name: '4 deployments, least-latency', models: [single('least-latency', 4)], principal: null },
    {
      name: '2 deployments, maxConcurrency slots',
      models: [
        testModelEntry({
          id: 'chat',
          deployments: [
            deployment('chat', 'a', { maxConcurrency: 64 }),
            deployment('chat', 'b', { maxConcurrency: 64 }),
          ],
        }),
      ],
      principal: null,
    },
    { name: '3 deployments, primary breaker open', models: [withOpenPrimary], principal: null },
    {
      name: 'customer: pseudonym headers, plan fallbacks',
      models: [single('priority', 2, { fallbacks: ['backup'] }), single('priority', 1, { id: 'backup' })],
      principal: customer,
      planFallbacks: { chat: ['backup'] },
    },
    {
      name: 'customer sending override headers',
      models: [single('priority', 2)],
      principal: customer,
      headers: { 'x-kaiyuan-timeout-ms': '30000', 'x-kaiyuan-max-attempts': '2' },
    },
  ];
}

async function measure(run: () => Promise<unknown>, iterations: number): Promise<number> {
  for (let index = 0; index < Math.min(2_000, iterations / 10); index++) await run();
  const started = process.hrtime.bigint();
  for (let index = 0; index < iterations; index++) await run();
  return Number(process.hrtime.bigint() - started) / 1000 / iterations;
}

function median(values: number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export async function runRoutingBench(options: { iterations: number; rounds: number }): Promise<void> {
  const logger = pino({ level: 'silent' });
  const body = { model: 'chat', messages: [{ role: 'user', content: 'Say ok.' }] };
  const provider = instantProvider('direct');
  const call: ProviderCall = {
    upstreamModel: 'upstream-model',
    body,
    signal: new CancelSource(),
    timeouts: { connectMs: 5_000, firstByteMs: 60_000, idleMs: 60_000, totalMs: 600_000 },
    requestId: 'req_bench',
  };
  const rows: Array<Array<string | number>> = [];
  const results: Record<string, { microsecondsPerRequest: number; overheadMicroseconds: number }> = {};
  const runs: Array<{ name: string; run: () => Promise<unknown> }> = [
    { name: 'provider called directly (floor)', run: () => provider.chat(call) },
  ];
  for (const setup of setups()) {
    const service = new InferenceService(
      new PublishedModels(setup.models),
      openGatekeeper,
      logger,
      null,
      undefined,
      undefined,
      undefined,
      {
        priceOf: () => ({ input: 1, output: 2 }),
        planFallbacks: setup.planFallbacks ? (_plan, model) => setup.planFallbacks![model] : undefined,
      },
    );
    const signal = new CancelSource();
    const headers = setup.headers ?? {};
    runs.push({
      name: setup.name,
      run: () => {
        const context: RequestContext = {
          requestId: 'req_bench',
          principal: setup.principal,
          signal,
          overrides: requestOverrides(headers, setup.principal),
        };
        return service.chat(context, body);
      },
    });
  }
  // Rounds interleave the setups, so load from elsewhere on the machine spreads over all of them.
  const timings = runs.map(() => [] as number[]);
  for (let round = 0; round < options.rounds; round++)
    for (const [index, { run }] of runs.entries()) timings[index]!.push(await measure(run, options.iterations));
  const floor = median(timings[0]!);
  for (const [index, { name }] of runs.entries()) {
    const perRequest = median(timings[index]!);
    if (index > 0) results[name] = { microsecondsPerRequest: perRequest, overheadMicroseconds: perRequest - floor };
    rows.push([name, perRequest, perRequest - floor, Math.round(1e6 / perRequest)]);
  }
  printTable(
    `Routing overhead: non-streamed chat, in process, no I/O (median of ${options.rounds} rounds × ${options.iterations} requests)`,
    ['setup', 'µs / request', 'routing overhead µs', 'requests / s (one core)'],
    rows,
  );
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`;
  process.stdout.write(`\nmachine: ${machine}\n`);
  const directory = path.resolve(here, '../results');
  mkdirSync(directory, { recursive: true });
  const file = path.join(directory, `routing-${new Date().toISOString().replaceAll(':', '-')}.json`);
  writeFileSync(file, JSON.stringify({ machine, options, floorMicroseconds: floor, results }, null, 2));
  process.stdout.write(`results: ${file}\n`);
}
