/**
 * Model fallbacks: an ordered list of other models that serve when a model cannot — no healthy
 * deployment, every attempt failed, or a prompt beyond its context window. Each fallback is admitted
 * anew and billed as itself; a pricier fallback is opt-in; the client can switch fallbacks off.
 */
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { PublishedModels } from '../src/channels/published-models.ts';
import type { AdmissionRequest } from '../src/inference/gateway-hooks.ts';
import { InferenceService } from '../src/inference/inference-service.ts';
import { forbidden } from '../src/util/errors.ts';
import { PlanCatalog } from '../src/billing/plan-catalog.ts';
import { commerceSchema } from '../src/config/commerce-schema.ts';
import { adminPrincipal } from '../src/accounts/authenticator.ts';
import { FakeUpstream, type UpstreamBehaviour } from './support/fake-upstream.ts';
import { chatBody, modelOf, RecordingGatekeeper, requestContext, rig } from './support/routing-gateway.ts';

const upstreams: FakeUpstream[] = [];
afterEach(async () => {
  await Promise.all(upstreams.splice(0).map((upstream) => upstream.close()));
});

async function fake(behaviour: (index: number) => UpstreamBehaviour): Promise<FakeUpstream> {
  const upstream = await new FakeUpstream({ behaviour }).start();
  upstreams.push(upstream);
  return upstream;
}

interface Setup {
  primary: UpstreamBehaviour;
  prices?: Record<string, number>;
  fallbackToPricier?: boolean;
  refuse?: (request: AdmissionRequest) => boolean;
  contextLength?: number;
  /** Plans' fallback lists (commerce.plans.<id>.fallbacks). */
  plans?: Record<string, Record<string, string[]>>;
}

async function setup(options: Setup) {
  const primary = await fake(() => options.primary);
  const backup = await fake(() => ({ kind: 'ok' }));
  const main = modelOf([{ name: 'primary', url: primary.url }], { model: 'chat-model' });
  main.fallbacks = ['backup-model'];
  main.fallbackToPricier = options.fallbackToPricier ?? false;
  if (options.contextLength) main.contextLength = options.contextLength;
  const second = modelOf([{ name: 'backup', url: backup.url }], { model: 'backup-model' });
  const planBackup = await fake(() => ({ kind: 'ok' }));
  const third = modelOf([{ name: 'plan-backup', url: planBackup.url }], { model: 'plan-model' });
  const plans = new PlanCatalog(
    commerceSchema.parse({
      plans: Object.fromEntries(Object.entries(options.plans ?? {}).map(([id, fallbacks]) => [id, { fallbacks }])),
    }),
  );
  const gatekeeper = new RecordingGatekeeper();
  const admit = gatekeeper.admit.bind(gatekeeper);
  gatekeeper.admit = async (request) => {
    if (options.refuse?.(request)) throw forbidden(`No access to ${request.model}.`, 'model_not_allowed');
    return admit(request);
  };
  const service = new InferenceService(
    new PublishedModels([main, second, third]),
    gatekeeper,
    pino({ level: 'silent' }),
    null,
    { maxAttempts: 2, budgetMs: 5_000, backoffBaseMs: 10, backoffMaxMs: 50 },
    undefined,
    undefined,
    {
      priceOf: (model) => (options.prices?.[model] ? { input: options.prices[model]!, output: 0 } : null),
      planFallbacks: (planId, model) => plans.fallbacksFor(planId, model),
    },
  );
  return { service, gatekeeper, primary, backup, planBackup };
}

describe('model fallbacks', () => {
  it('serves with the fallback model when every attempt on the model failed: admitted again, billed as the fallback', async () => {
    const { service, gatekeeper } = await setup({ primary: { kind: 'status', status: 500 } });
    const answer = await service.chat(requestContext(), chatBody(false));
    expect(answer.headers['x-kaiyuan-model']).toBe('backup-model');
    expect(answer.headers['x-kaiyuan-fallback-from']).toBe('chat-model');
    expect(answer.kind === 'json' && JSON.parse(answer.text).model).toBe('backup-model');
    expect(gatekeeper.admitted.map((request) => request.model)).toEqual(['chat-model', 'backup-model']);
    expect(gatekeeper.settled.map((outcome) => [outcome.status, outcome.servedBy?.deploymentId ?? null])).toEqual([
      ['failed', null],
      ['completed', 'backup-model@backup'],
    ]);
  });

  it('a fallback to a pricier model is skipped unless the model opts in', async () => {
    const prices = { 'chat-model': 1, 'backup-model': 5 };
    const refused = await setup({ primary: { kind: 'status', status: 500 }, prices });
    const error = await refused.service.chat(requestContext(), chatBody(false)).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ status: 502, code: 'upstream_unavailable' });
    expect(refused.backup.chatCalls).toBe(0);
    const allowed = await setup({ primary: { kind: 'status', status: 500 }, prices, fallbackToPricier: true });
    const answer = await allowed.service.chat(requestContext(), chatBody(false));
    expect(answer.headers['x-kaiyuan-model']).toBe('backup-model');
  });

  it('a fallback the client may not use is not used; the client gets the original failure', async () => {
    const { service, backup } = await setup({
      primary: { kind: 'status', status: 503 },
      refuse: (request) => request.model === 'backup-model',
    });
    const error = await service.chat(requestContext(), chatBody(false)).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ code: 'upstream_unavailable' });
    expect(backup.chatCalls).toBe(0);
  });

  it('a prompt beyond the context window goes straight to the fallback', async () => {
    const { service, gatekeeper, primary } = await setup({ primary: { kind: 'ok' }, contextLength: 5 });
    const body = { model: 'chat-model', messages: [{ role: 'user', content: 'a long question '.repeat(20) }] };
    const answer = await service.chat(requestContext(), body);
    expect(answer.headers['x-kaiyuan-model']).toBe('backup-model');
    expect(primary.chatCalls).toBe(0);
    expect(gatekeeper.admitted.map((request) => request.model)).toEqual(['backup-model']);
  });

  it('no fallback for a client error, nor when the client switched fallbacks off', async () => {
    const rejected = await setup({ primary: { kind: 'status', status: 400 } });
    const error = await rejected.service.chat(requestContext(), chatBody(false)).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ status: 400 });
    expect(rejected.backup.chatCalls).toBe(0);
    const off = await setup({ primary: { kind: 'status', status: 500 } });
    const refused = await off.service
      .chat({ ...requestContext(), overrides: { noFallback: true } }, chatBody(false))
      .catch((thrown: unknown) => thrown);
    expect(refused).toMatchObject({ code: 'upstream_unavailable' });
    expect(off.backup.chatCalls).toBe(0);
  });

  it("a plan's fallback list replaces the model's for that plan's organizations ('*' for every model, [] for none)", async () => {
    const onPlan = (planId: string) => ({ ...requestContext(), principal: { ...adminPrincipal, planId } });
    const rig = await setup({
      primary: { kind: 'status', status: 500 },
      plans: { pro: { 'chat-model': ['plan-model'] }, team: { '*': ['plan-model'] }, strict: { 'chat-model': [] } },
    });
    const pro = await rig.service.chat(onPlan('pro'), chatBody(false));
    expect(pro.headers['x-kaiyuan-model']).toBe('plan-model');
    expect(pro.headers['x-kaiyuan-fallback-from']).toBe('chat-model');
    const team = await rig.service.chat(onPlan('team'), chatBody(false));
    expect(team.headers['x-kaiyuan-model']).toBe('plan-model');
    expect(rig.backup.chatCalls).toBe(0);
    expect(rig.planBackup.chatCalls).toBe(2);
    const strict = await rig.service.chat(onPlan('strict'), chatBody(false)).catch((thrown: unknown) => thrown);
    // The primary's breaker opened meanwhile: no deployment left, and no fallback on this plan.
    expect((strict as { code: string }).code).toMatch(/^(upstream_unavailable|no_available_deployment)$/);
    expect(rig.backup.chatCalls + rig.planBackup.chatCalls).toBe(2);
    // A plan without a list keeps the model's own.
    const free = await rig.service.chat(onPlan('free'), chatBody(false));
    expect(free.headers['x-kaiyuan-model']).toBe('backup-model');
    expect(rig.gatekeeper.admitted.filter((request) => request.model === 'plan-model')).toHaveLength(2);
  });
});

describe('client-tightened budgets', () => {
  it('an attempt cut by the client’s own small budget is never held against the deployment', async () => {
    const slow = await fake(() => ({ kind: 'ok', delayMs: 400 }));
    const { service, deployments } = rig([{ name: 'slow', url: slow.url }], { budgetMs: 5_000 });
    for (let index = 0; index < 5; index++) {
      const error = await service
        .chat({ ...requestContext(), overrides: { budgetMs: 150 } }, chatBody(false))
        .catch((thrown: unknown) => thrown);
      expect(error).toMatchObject({ status: 504 });
    }
    expect(deployments[0]!.state.circuit.state).toBe('closed');
    expect(deployments[0]!.state.failures).toBe(0);
    // The operator's own budget still judges it: the deployment is then at fault.
    const answer = await service.chat(requestContext(), chatBody(false));
    expect(answer.headers['x-kaiyuan-deployment']).toBe('chat-model@slow');
  });
});
