import type { Principal } from '../accounts/principal.ts';
import {
  mayCarryLogEntry,
  type Admission,
  type AdmissionRequest,
  type CarriedLogEntry,
  type Gatekeeper,
  type RequestOutcome,
} from '../inference/gateway-hooks.ts';
import type { BudgetGuard } from '../limits/budget-guard.ts';
import {
  settledSpend,
  type AdmissionCounters,
  type BudgetReservation,
  type Settlement,
} from '../limits/combined-counters.ts';
import { rateLimitHeaders, formatResetDuration } from '../limits/rate-limit-headers.ts';
import type {
  AcquireResult,
  CounterAdjustment,
  CounterState,
  LimitCounter,
  RateLimiter,
} from '../limits/rate-limiter.ts';
import { zeroUsage } from '../providers/spec.ts';
import type { UsageRecordsTable } from '../store/schema/billing-tables.ts';
import { KaiyuanError, forbidden } from '../util/errors.ts';
import type { BillingProfiles } from './billing-profiles.ts';
import { grantPeriod } from './billing-profiles.ts';
import type { Ledger } from './ledger.ts';
import { limitCounters } from './limit-counters.ts';
import type { Plan, PlanCatalog } from './plan-catalog.ts';
import type { ModelPrice, PriceBook } from './price-book.ts';
import { chargeOf, worstCaseCharge } from './pricing/rates.ts';
import type { PricingContext, RuleSet } from './pricing/rule-set.ts';
import type { PackageUnit, PackageWallets } from './packages/package-wallets.ts';
import type { ActiveSubscription } from './packages/subscriptions.ts';
import type { UsageWrite, UsageWriteResult, UsageWriting } from './usage-write.ts';

/** A usage writer that also applies the request's settlement once its write has committed. */
export interface SettlingUsageWriting {
  writeAndSettle(write: UsageWrite, alone: boolean, settlement: Settlement): Promise<UsageWriteResult>;
}

export interface BillingGatekeeperDependencies {
  plans: PlanCatalog;
  prices: PriceBook;
  profiles: BillingProfiles;
  limiter: RateLimiter;
  budgets: BudgetGuard;
  ledger: Ledger;
  usage: UsageWriting;
  /** Prompt-estimate safety margin of reservations. */
  estimateMargin: number;
  grantUsed(orgId: string, period: string): Promise<number>;
  /** Active packages, used after the monthly grant and before the balance; absent: none. */
  packages?: PackageWallets;
  /**
   * Limits and budgets owned together by another process (workers without Redis): a request's
   * counters and its first reservation go as one call. Absent: `limiter`, then `budgets`.
   */
  admission?: AdmissionCounters;
  /**
   * A writer in the process that also owns the counters (workers on SQLite without Redis): the
   * budget commit and the true-ups travel with the write. Absent: `usage`, then `budgets` and `limiter`.
   */
  settlingUsage?: SettlingUsageWriting;
}

/** What a request is priced by: the rule set in force at admission (fixed for its whole life) and who it is for. */
interface Pricing {
  rules: RuleSet;
  context: Omit<PricingContext, 'at' | 'channel'>;
}

type Funding =
  | { kind: 'none' }
  | { kind: 'grant'; key: string; period: string; hold: number }
  | { kind: 'package'; key: string; hold: number; subscriptionId: string; unit: PackageUnit }
  | { kind: 'balance'; key: string; hold: number };

/** A budget a request may be funded from, if the reservation holds. */
interface FundingSource extends BudgetReservation {
  funding: Exclude<Funding, { kind: 'none' }>;
}

/** The sources after the monthly grant, in the order they are tried, and what holds when none does: no funding needed, or a 402. */
interface LaterSources {
  sources: FundingSource[];
  otherwise: Funding | 'grant used up' | 'balance short';
}

/** What a request's funding sources follow from. */
interface FundingNeed {
  orgId: string;
  plan: Plan;
  pricing: Pricing;
  request: AdmissionRequest;
  reservedTokens: number;
  wallet: readonly ActiveSubscription[];
}

/** Priority of requests by the platform operator's admin token. */
const operatorPriority = 10;

/**
 * Implements the gateway's Gatekeeper: model access by plan and key, rate limits with token
 * reservation, funding from the monthly grant or a reserved slice of the prepaid balance; and on
 * settle, the usage record and ledger debit (one durable, idempotent write), limit true-up and
 * release of the reservation.
 */
export class BillingGatekeeper implements Gatekeeper {
  /** Admitted requests not settled yet: when none but this one is left, its usage write need not wait for company. */
  private unsettled = 0;

  constructor(private readonly deps: BillingGatekeeperDependencies) {}

  async admit(request: AdmissionRequest): Promise<Admission> {
    const principal = request.principal;
    const rules = this.deps.prices.rules;
    const price = this.deps.prices.priceOf(request.model);
    const batch = Boolean(request.batchId);
    // The platform operator (admin token, operator users' console sessions, the keys of its own
    // house organization) is neither limited by plan nor billed; its usage is still recorded, at
    // list price, with nothing charged (key limits still apply).
    if (!principal?.orgId || principal.role === 'operator') {
      const pricing = { rules, context: { model: request.model, planId: null, orgId: null, batch } };
      return this.admission(request, principal, pricing, [], { kind: 'none' }, principal ? operatorPriority : 0);
    }
    if (principal.house === true) return this.admitHouse(request, principal, rules);
    const profile = await this.deps.profiles.get(principal.orgId);
    const plan =
      this.deps.plans.find(profile?.planId ?? principal.planId) ?? this.deps.plans.get(this.deps.plans.defaultPlanId);
    checkModelAccess(principal, plan, price, request.model);
    const pricing: Pricing = {
      rules,
      context: { model: request.model, planId: plan.id, orgId: principal.orgId, batch },
    };

    const reservedTokens = this.paddedPrompt(request) + request.maxOutputTokens;
    const wallet = this.deps.packages ? await this.deps.packages.covering(principal.orgId, request.model) : [];
    // A fresh object per call; packages' limits are merged only when there are any (spreads are slow).
    const planLimits = this.deps.plans.effectiveLimits(plan, profile?.spentTotal ?? 0, profile?.limitOverrides ?? {});
    const orgLimits = wallet.length > 0 ? { ...planLimits, ...this.deps.packages!.limitsOf(wallet) } : planLimits;
    const counters = limitCounters(principal, request.model, orgLimits, reservedTokens);
    // The first source is known before the limits are checked: with AdmissionCounters, its reservation goes with them.
    const need: FundingNeed = { orgId: principal.orgId, plan, pricing, request, reservedTokens, wallet };
    const grant = this.grantSource(need);
    // Priced only when the grant is not there to try first.
    const later = grant ? null : this.laterSources(need);
    const first = grant ?? later!.sources[0] ?? null;
    let reserved: Promise<boolean> | null = null;
    let acquired: AcquireResult | null = null;
    if (this.deps.admission && first)
      ({ acquired, reserved } = await this.deps.admission.acquireAndReserve(counters, first).catch(unavailable));
    acquired ??=
      counters.length > 0
        ? await this.deps.limiter.acquire(counters).catch(unavailable)
        : { allowed: true as const, counters: [] };
    const headers = rateLimitHeaders(acquired.counters);
    if (!acquired.allowed) throw rateLimited(acquired.refused, acquired.counters, acquired.retryAfterMs, headers);

    let funding: Funding;
    try {
      funding = await this.fund(need, first, reserved, later).catch(unavailable);
    } catch (error) {
      if (counters.length > 0)
        await this.deps.limiter
          .adjust(counters.map((counter) => ({ key: counter.key, delta: -counter.amount })))
          .catch(() => undefined);
      throw error;
    }
    return this.admission(request, principal, pricing, counters, funding, plan.priority, headers);
  }

  /** A key of the house organization: its own limits apply, nothing is charged. */
  private async admitHouse(request: AdmissionRequest, principal: Principal, rules: Pricing['rules']) {
    const counters = limitCounters(principal, request.model, {}, this.paddedPrompt(request) + request.maxOutputTokens);
    const acquired =
      counters.length > 0
        ? await this.deps.limiter.acquire(counters).catch(unavailable)
        : { allowed: true as const, counters: [] };
    const headers = rateLimitHeaders(acquired.counters);
    if (!acquired.allowed) throw rateLimited(acquired.refused, acquired.counters, acquired.retryAfterMs, headers);
    const pricing = {
      rules,
      context: { model: request.model, planId: null, orgId: null, batch: Boolean(request.batchId) },
    };
    return this.admission(request, principal, pricing, counters, { kind: 'none' }, operatorPriority, headers);
  }

  /**
   * The hold: the most this request can cost by every rule that can still apply to it — prompt
   * tokens at the dearest prompt rate (cache writes included), output at the dearest output rate
   * (reasoning included), the request fee, peak windows and channel rules that would raise it.
   */
  private worstCase(pricing: Pricing, request: AdmissionRequest): number {
    const quote = pricing.rules.worstQuote(pricing.context);
    return quote ? worstCaseCharge(quote.rates, this.paddedPrompt(request), request.maxOutputTokens) : 0;
  }

  /** The prompt estimate with the safety margin (the epsilon keeps 100 × 1.1 at 110). */
  private paddedPrompt(request: AdmissionRequest): number {
    return Math.ceil(request.promptTokens * this.deps.estimateMargin - 1e-9);
  }

  /**
   * Tries the sources in order until a reservation holds: `first` (its reservation `reserved` when it
   * was made with the limits), then the later sources (`later` when already known); a 402 when none
   * holds and funding is needed.
   */
  private async fund(
    need: FundingNeed,
    first: FundingSource | null,
    reserved: Promise<boolean> | null,
    later: LaterSources | null,
  ): Promise<Funding> {
    if (first && (await (reserved ?? this.deps.budgets.reserve(first.key, first.amount, first.load))))
      return first.funding;
    const { sources, otherwise } = later ?? this.laterSources(need);
    for (const source of sources) {
      if (source === first) continue;
      if (await this.deps.budgets.reserve(source.key, source.amount, source.load)) return source.funding;
    }
    const { plan, reservedTokens } = need;
    if (otherwise === 'grant used up')
      throw insufficientQuota(
        `The monthly free grant of ${plan.monthlyGrantTokens} tokens of plan '${plan.id}' is used up (this request may need up to ${reservedTokens} tokens). Upgrade to a paid plan or wait for next month.`,
      );
    if (otherwise === 'balance short') {
      const grant =
        plan.monthlyGrantTokens > 0
          ? `the monthly free grant of ${plan.monthlyGrantTokens} tokens of plan '${plan.id}' is used up and `
          : '';
      throw insufficientQuota(
        `You exceeded your current quota: ${grant}the balance cannot cover this request (its maximum cost is reserved up front). Top up your balance or lower max_tokens.`,
      );
    }
    return otherwise;
  }

  /** The monthly grant of the plan, tried first; null when the plan has none. */
  private grantSource({ orgId, plan, reservedTokens }: FundingNeed): FundingSource | null {
    if (plan.monthlyGrantTokens <= 0) return null;
    const period = grantPeriod();
    const key = grantKey(orgId, period);
    return {
      key,
      amount: reservedTokens,
      load: async () => plan.monthlyGrantTokens - (await this.deps.grantUsed(orgId, period)),
      funding: { kind: 'grant', key, period, hold: reservedTokens },
    };
  }

  /**
   * What funds a request once the grant did not: active packages (tokens, then credit), then the
   * prepaid balance. Computed only then, or when there is no grant (it prices the worst case).
   */
  private laterSources({ orgId, plan, pricing, request, reservedTokens, wallet }: FundingNeed): LaterSources {
    const maxCost = this.worstCase(pricing, request);
    const sources: FundingSource[] = [];
    const packages = this.deps.packages;
    if (packages) {
      for (const subscription of wallet) {
        const units: Array<[PackageUnit, number]> = [];
        if (subscription.tokensLeft > 0) units.push(['tokens', reservedTokens]);
        if (subscription.creditLeft > 0 && maxCost > 0) units.push(['credit', maxCost]);
        for (const [unit, hold] of units) {
          const key = `package:${subscription.id}:${unit}`;
          sources.push({
            key,
            amount: hold,
            load: () => packages.left(subscription.id, unit),
            funding: { kind: 'package', key, hold, subscriptionId: subscription.id, unit },
          });
        }
      }
    }
    // Free-tier-only plans reach only free-tier models; what their organization holds on its
    // balance (the sign-up grant, a top-up) pays for those once the monthly grant is used.
    if (!plan.payAsYouGo && !plan.freeTierOnly) return { sources, otherwise: 'grant used up' };
    if (maxCost === 0) return { sources, otherwise: { kind: 'none' } };
    const key = balanceKey(orgId);
    sources.push({
      key,
      amount: maxCost,
      load: async () => (await this.deps.ledger.balance(orgId)).balance,
      funding: { kind: 'balance', key, hold: maxCost },
    });
    return { sources, otherwise: 'balance short' };
  }

  private admission(
    request: AdmissionRequest,
    principal: Principal | null,
    pricing: Pricing,
    counters: LimitCounter[],
    funding: Funding,
    priority: number,
    headers: Record<string, string> = {},
  ): Admission {
    let settled: Promise<void> | null = null;
    this.unsettled++;
    return {
      headers,
      priority,
      carriesLog: mayCarryLogEntry(request.requestId),
      settle: (outcome, log) => (settled ??= this.settle(request, principal, pricing, counters, funding, outcome, log)),
    };
  }

  private async settle(
    request: AdmissionRequest,
    principal: Principal | null,
    pricing: Pricing,
    counters: LimitCounter[],
    funding: Funding,
    outcome: RequestOutcome,
    log: CarriedLogEntry | null | undefined,
  ): Promise<void> {
    const billable = outcome.status !== 'failed';
    const usage = billable ? outcome.usage : zeroUsage;
    const now = Date.now();
    // Named fields, no spread: copying an object's own keys takes V8's slow path on every request.
    const admitted = pricing.context;
    const context: PricingContext = {
      model: admitted.model,
      planId: admitted.planId,
      orgId: admitted.orgId,
      batch: admitted.batch,
      channel: outcome.servedBy?.provider ?? null,
      at: now,
    };
    const quote = billable ? pricing.rules.quote(context) : null;
    const cost = quote ? chargeOf(quote.rates, usage) : 0;
    const upstreamCost = billable ? upstreamCostOf(pricing.rules, context, outcome, usage) : 0;
    const tokens = usage.promptTokens + usage.completionTokens;
    const record: UsageRecordsTable = {
      request_id: request.requestId,
      org_id: principal?.orgId ?? null,
      key_id: principal?.keyId ?? null,
      user_id: principal?.userId ?? null,
      endpoint: request.clientApi ?? request.endpoint,
      model: request.model,
      deployment_id: outcome.servedBy?.deploymentId ?? null,
      provider: outcome.servedBy?.provider ?? null,
      prompt_tokens: usage.promptTokens,
      cached_tokens: usage.cachedTokens,
      completion_tokens: usage.completionTokens,
      reasoning_tokens: usage.reasoningTokens,
      cost,
      charged: funding.kind === 'balance' ? cost : 0,
      funding: funding.kind,
      latency_ms: Math.round(outcome.latencyMs),
      ttft_ms: outcome.ttftMs === null ? null : Math.round(outcome.ttftMs),
      status: outcome.status,
      estimated: outcome.usageEstimated ? 1 : 0,
      error_code: outcome.errorCode,
      created_at: now,
      batch_id: request.batchId ?? null,
      cache_write_tokens: usage.cacheWriteTokens ?? 0,
      price_version: pricing.rules.versionId,
      upstream_cost: upstreamCost,
      plan_id: pricing.context.planId,
      log_http_status: log ? log.httpStatus : null,
      log_attempts: log ? log.attempts : null,
      log_deployments_tried: log ? log.deploymentsTried : null,
      log_error_detail: log ? log.errorDetail : null,
      log_client_request_id: log ? log.clientRequestId : null,
      log_client_ip: log ? log.clientIp : null,
    };
    const grantTokens = funding.kind === 'grant' ? tokens : 0;
    const packageDraw =
      funding.kind === 'package'
        ? {
            subscriptionId: funding.subscriptionId,
            tokens: funding.unit === 'tokens' ? tokens : 0,
            credit: funding.unit === 'credit' ? cost : 0,
          }
        : null;
    const adjustments: CounterAdjustment[] = [];
    for (const counter of counters)
      if (counter.kind === 'tokens') adjustments.push({ key: counter.key, delta: tokens - counter.amount });
    const write: UsageWrite = {
      record,
      grantTokens,
      grantPeriod: funding.kind === 'grant' ? funding.period : '',
      packageDraw,
    };
    // What the budget is spent by once the write has written (a replay writes nothing, spends nothing).
    const spentIfWritten =
      funding.kind === 'grant' ? grantTokens : packageDraw ? packageDraw.tokens + packageDraw.credit : 'charged';
    const settling = this.deps.settlingUsage;
    if (settling) {
      const alone = --this.unsettled === 0;
      const settlement: Settlement = {
        budget: funding.kind === 'none' ? null : { key: funding.key, hold: funding.hold, spent: spentIfWritten },
        adjustments,
      };
      await settling.writeAndSettle(write, alone, settlement);
      return;
    }
    if (funding.kind !== 'none') this.deps.budgets.begin(funding.key);
    let result: UsageWriteResult | null = null;
    try {
      const alone = --this.unsettled === 0;
      result = await this.deps.usage.write(write, alone);
    } finally {
      if (funding.kind !== 'none')
        await this.deps.budgets
          .commit(funding.key, funding.hold, settledSpend(spentIfWritten, result))
          .catch(() => undefined);
      if (adjustments.length > 0) await this.deps.limiter.adjust(adjustments).catch(() => undefined);
    }
  }
}

/** Upstream cost, or null when the serving channel has no cost price (or its currency has no rate). */
function upstreamCostOf(
  rules: RuleSet,
  context: PricingContext,
  outcome: RequestOutcome,
  usage: RequestOutcome['usage'],
): number | null {
  const costPrice = outcome.servedBy?.costPrice;
  if (!costPrice) return null;
  if (!rules.hasRateFor(costPrice.currency ?? rules.currency)) return null;
  return chargeOf(rules.costQuote(context, costPrice).rates, usage);
}

function checkModelAccess(principal: Principal, plan: Plan, price: ModelPrice | null, model: string): void {
  if (principal.allowedModels.length > 0 && !principal.allowedModels.includes(model)) {
    throw forbidden(
      `This API key may not use the model '${model}'. Allowed: ${principal.allowedModels.join(', ')}.`,
      'model_not_allowed',
      'model',
      { model },
    );
  }
  if (plan.allowedModels && plan.allowedModels.length > 0 && !plan.allowedModels.includes(model)) {
    throw forbidden(
      `The model '${model}' is not in plan '${plan.id}'. Models of this plan: ${plan.allowedModels.join(', ')}.`,
      'model_not_in_plan',
      'model',
      { model },
    );
  }
  if (plan.freeTierOnly && !price?.freeTier) {
    throw forbidden(
      `The model '${model}' is not in the free tier; plan '${plan.id}' may only use free-tier models. Upgrade to a paid plan to use it.`,
      'model_not_in_plan',
      'model',
      { model },
    );
  }
  if (!price && plan.payAsYouGo) {
    throw forbidden(
      `The model '${model}' has no price in the price book, so it cannot be billed. Ask the operator to price it.`,
      'model_not_priced',
      'model',
      { model },
    );
  }
}

function rateLimited(
  counter: LimitCounter,
  states: CounterState[],
  retryAfterMs: number,
  headers: Record<string, string>,
): KaiyuanError {
  if (counter.amount > counter.limit) {
    // More than the whole window holds: waiting never helps, so it is the request that is wrong (400).
    return new KaiyuanError(
      'request_exceeds_limit',
      counter.kind === 'tokens'
        ? `This request reserves ${counter.amount} tokens (prompt estimate + max output), more than the ${counter.limit} that ${counter.label} allows at all. Lower max_tokens or shorten the prompt.`
        : `This request needs more than ${counter.label} allows at all (limit ${counter.limit}).`,
      { status: 400, type: 'invalid_request_error', param: counter.kind === 'tokens' ? 'max_tokens' : null, headers },
    );
  }
  const state = states.find((candidate) => candidate.key === counter.key);
  const used = state?.used ?? 0;
  const what =
    counter.kind === 'tokens'
      ? `Requested ${counter.amount} tokens (prompt estimate + max output), used ${used}`
      : `Used ${used}`;
  return new KaiyuanError(
    'rate_limit_exceeded',
    `Rate limit reached for ${counter.label}: limit ${counter.limit}. ${what}. Please try again in ${formatResetDuration(retryAfterMs)}.`,
    {
      status: 429,
      type: 'rate_limit_error',
      retryAfterMs,
      headers,
      retryable: true,
      params: { limit: counter.limit, retryAfter: formatResetDuration(retryAfterMs) },
    },
  );
}

/**
 * A limits or reservation backend (Redis, the store) that fails makes the request 503, retryable:
 * the rejection handler of its promise (a `.catch`, not an async wrapper: one promise fewer per call).
 */
function unavailable(error: unknown): never {
  if (error instanceof KaiyuanError) throw error;
  throw new KaiyuanError(
    'limits_unavailable',
    'Rate limits and quotas cannot be checked right now; please retry shortly.',
    {
      status: 503,
      type: 'server_error',
      retryable: true,
      retryAfterMs: 1000,
      cause: error,
    },
  );
}

function insufficientQuota(message: string): KaiyuanError {
  return new KaiyuanError('insufficient_quota', message, { status: 402, type: 'insufficient_quota' });
}

/**
 * `balance:<organization>`, the budget key of an organization's balance, made once per organization:
 * a string built per request is hashed anew by every Map it is looked up in (the budget guard's).
 */
const balanceKeys = new Map<string, string>();
/** `grant:<organization>:<YYYY-MM>`, likewise, remembered for the period asked for last. */
const grantKeys = new Map<string, { period: string; key: string }>();
function grantKey(orgId: string, period: string): string {
  const known = grantKeys.get(orgId);
  if (known !== undefined && known.period === period) return known.key;
  if (known === undefined && grantKeys.size >= 10_000) grantKeys.clear();
  const key = `grant:${orgId}:${period}`;
  grantKeys.set(orgId, { period, key });
  return key;
}
function balanceKey(orgId: string): string {
  let key = balanceKeys.get(orgId);
  if (key === undefined) {
    if (balanceKeys.size >= 10_000) balanceKeys.clear();
    key = `balance:${orgId}`;
    balanceKeys.set(orgId, key);
  }
  return key;
}
