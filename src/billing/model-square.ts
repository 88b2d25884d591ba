import type { Principal } from '../accounts/principal.ts';
import { requireOperator } from '../accounts/access-control.ts';
import type { ModelSquare, SquareFreeOffer, SquareModel, SquarePlanPrice } from '../api-contract/model-square.ts';
import type { PriceSettings } from '../api-contract/pricing.ts';
import type { SignupPolicy } from '../config/signup-schema.ts';
import { modalitiesOf } from '../inference/model-listing.ts';
import type { ModelEntry, ModelRegistry } from '../inference/model-registry.ts';
import type { SettingsRepository } from '../store/settings-repository.ts';
import { notFound } from '../util/errors.ts';
import type { Plan, PlanCatalog } from './plan-catalog.ts';
import type { RuleSet } from './pricing/rule-set.ts';

const enabledSetting = 'model_square.enabled';
/** How long a replica trusts the stored on/off switch (another replica's change shows within it). */
const settingTtlMs = 5_000;

interface SquareContext {
  rules: RuleSet;
  plans: Plan[];
  at: number;
  policy: SignupPolicy;
}

export interface ModelSquareDeps {
  models: ModelRegistry;
  plans: PlanCatalog;
  /** The price rule set in force (prices, plan rules). */
  rules: () => RuleSet;
  settings: SettingsRepository;
  signupPolicy: () => Promise<SignupPolicy>;
  /** The plan self-service sign-ups start on. */
  signupPlanId: string;
  /** The square's state until the operator sets it (default on). */
  enabledByDefault?: boolean;
  now?: () => number;
}

/**
 * The public model square: every published model (one enabled deployment or more) with its public
 * metadata, its price on each plan that may use it, and what a new self-service customer gets for
 * free — derived from the sign-up plan and its prices, never from a flag of its own.
 */
export class ModelSquareService {
  private cached: { enabled: boolean; at: number } | null = null;

  constructor(private readonly deps: ModelSquareDeps) {}

  async enabled(): Promise<boolean> {
    const now = (this.deps.now ?? Date.now)();
    if (this.cached && now - this.cached.at < settingTtlMs) return this.cached.enabled;
    const stored = await this.deps.settings.get(enabledSetting);
    const enabled = stored === null ? (this.deps.enabledByDefault ?? true) : stored === 'true';
    this.cached = { enabled, at: now };
    return enabled;
  }

  async setEnabled(actor: Principal, enabled: boolean): Promise<boolean> {
    requireOperator(actor);
    await this.deps.settings.set(enabledSetting, String(enabled));
    this.cached = null;
    return enabled;
  }

  /** The square, or 404 `model_square_disabled` while the operator keeps it closed. */
  async list(): Promise<ModelSquare> {
    if (!(await this.enabled())) throw squareDisabled();
    const context = await this.context();
    return {
      object: 'model_square',
      data: this.deps.models
        .list()
        .filter(isPublished)
        .map((model) => this.describe(model, context)),
      signup: { policy: context.policy, plan: this.deps.signupPlanId },
    };
  }

  async get(id: string): Promise<SquareModel> {
    if (!(await this.enabled())) throw squareDisabled();
    const model = this.deps.models.get(id);
    if (!model || !isPublished(model))
      throw notFound(`The model '${id}' is not on the model square.`, 'model_not_found', 'model');
    return this.describe(model, await this.context());
  }

  private async context(): Promise<SquareContext> {
    return {
      rules: this.deps.rules(),
      plans: this.deps.plans.list(),
      at: (this.deps.now ?? Date.now)(),
      policy: await this.deps.signupPolicy(),
    };
  }

  private describe(model: ModelEntry, context: SquareContext): SquareModel {
    const listed = context.rules.priceOf(model.id);
    const prices: SquarePlanPrice[] = [];
    for (const plan of context.plans) {
      if (!mayUse(plan, model.id, listed)) continue;
      const quote = context.rules.quote({
        model: model.id,
        planId: plan.id,
        orgId: null,
        channel: null,
        batch: false,
        at: context.at,
      });
      if (!quote) continue;
      // Rates are nano-units per token (per request for `request`): per million tokens in currency units.
      const perMillion = (nanoPerToken: number) => roundPrice(nanoPerToken / 1_000);
      prices.push({
        plan: plan.id,
        planName: plan.name,
        input: perMillion(quote.rates.input),
        cachedInput: perMillion(quote.rates.cachedInput),
        output: perMillion(quote.rates.output),
        request: roundPrice(quote.rates.request / 1e9),
        currency: context.rules.currency,
        signupPlan: plan.id === this.deps.signupPlanId,
      });
    }
    // Nothing is free for a newcomer who cannot sign up (policy closed: the operator creates accounts).
    const signupPlan =
      context.policy === 'closed' ? undefined : context.plans.find((plan) => plan.id === this.deps.signupPlanId);
    return {
      object: 'square_model',
      id: model.id,
      name: model.name,
      provider: model.ownedBy,
      description: model.description,
      parameters: model.parameters,
      contextLength: model.contextLength,
      capabilities: [...model.capabilities],
      modalities: modalitiesOf(model.capabilities),
      license: model.license,
      prices,
      freeForNewCustomers: signupPlan ? freeOffer(signupPlan, prices, model.id, listed) : null,
    };
  }
}

/** Published: at least one enabled deployment serves it (a model whose deployments are all off is not offered). */
export function isPublished(model: ModelEntry): boolean {
  return model.deployments.some((deployment) => deployment.enabled);
}

/** Whether the plan admits the model (the gatekeeper's checks that do not depend on the key). */
function mayUse(plan: Plan, model: string, price: PriceSettings | null): boolean {
  if (plan.allowedModels && plan.allowedModels.length > 0 && !plan.allowedModels.includes(model)) return false;
  if (plan.freeTierOnly && !price?.freeTier) return false;
  return price !== null;
}

/**
 * What a new customer on the sign-up plan gets free: the whole model when the plan's price is
 * zero, else the plan's monthly free tokens (the gatekeeper spends them on any model the plan admits).
 */
function freeOffer(
  plan: Plan,
  prices: SquarePlanPrice[],
  model: string,
  listed: PriceSettings | null,
): SquareFreeOffer | null {
  if (!mayUse(plan, model, listed)) return null;
  const price = prices.find((entry) => entry.plan === plan.id);
  if (!price) return null;
  if (price.input === 0 && price.cachedInput === 0 && price.output === 0 && price.request === 0)
    return { kind: 'free', tokensPerMonth: null };
  if (plan.monthlyGrantTokens > 0) return { kind: 'monthly_grant', tokensPerMonth: plan.monthlyGrantTokens };
  return null;
}

/** Prices to 1e-6 of a currency unit (rates carry float noise from exchange rates and multipliers). */
function roundPrice(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

function squareDisabled() {
  return notFound('The model square is not enabled on this platform.', 'model_square_disabled');
}
