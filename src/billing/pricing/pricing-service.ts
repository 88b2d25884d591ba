import type {
  PlanSettings,
  PriceRule,
  PriceSettings,
  PricingDocument,
  PricingOverlay,
} from '../../api-contract/pricing.ts';
import type { CommerceConfig } from '../../config/commerce-schema.ts';
import type { Store } from '../../store/database.ts';
import { invalidRequest, notFound } from '../../util/errors.ts';
import type { PlanCatalog } from '../plan-catalog.ts';
import type { PriceBook } from '../price-book.ts';
import { applyOverlay, configDocument, documentFingerprint } from './pricing-document.ts';
import { PriceVersionRepository, type PriceVersion } from './price-versions.ts';
import { MissingExchangeRateError, RuleSet, type RuleSetOptions } from './rule-set.ts';

export function ruleSetOptions(commerce: CommerceConfig): RuleSetOptions {
  return { currency: commerce.currency, exchangeRates: commerce.exchangeRates, defaultPrice: commerce.defaultPrice };
}

/**
 * Prices, plans and pricing rules as versioned data. kaiyuan.yaml seeds them; the admin API edits
 * them (an overlay over the file: what it names wins over the file's entry of the same name);
 * every change — a live edit, or a changed file at start-up — appends a version. The newest
 * version is compiled once and put in force on this replica at once, on the others through the
 * control-plane notice (or the poll backstop); a request keeps the version it was admitted with.
 */
export class PricingService {
  private readonly repository: PriceVersionRepository;
  private readonly base: PricingDocument;
  private version: PriceVersion | null = null;

  constructor(
    store: Store,
    private readonly commerce: CommerceConfig,
    private readonly prices: PriceBook,
    private readonly plans: PlanCatalog,
    private readonly notify: () => void = () => undefined,
  ) {
    this.repository = new PriceVersionRepository(store);
    this.base = configDocument(commerce);
  }

  /** The rule set in force. */
  current(): RuleSet {
    return this.prices.rules;
  }

  /** Loads the newest version; appends one first when kaiyuan.yaml changed since (the start-up of a server). */
  async start(): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const latest = await this.repository.latest();
      const overlay = latest?.overlay ?? { prices: {}, plans: {}, rules: {} };
      const document = applyOverlay(this.base, overlay);
      const fingerprint = documentFingerprint(document);
      if (latest && latest.fingerprint === fingerprint) return this.load(latest);
      const appended = await this.repository.append(latest?.id ?? 0, {
        createdAt: Date.now(),
        actor: 'config',
        note: latest ? 'kaiyuan.yaml changed' : 'initial prices from kaiyuan.yaml',
        document: this.validate(document),
        overlay,
        fingerprint,
      });
      if (appended) return this.load(appended);
    }
    await this.sync();
  }

  /** Puts the newest stored version in force when it is newer than ours (a change on another replica). */
  async sync(): Promise<void> {
    const latestId = await this.repository.latestId();
    if (this.version && latestId <= this.version.id) return;
    const latest = await this.repository.latest();
    if (latest) this.load(latest);
  }

  async versions(limit = 50): Promise<PriceVersion[]> {
    return this.repository.list(Math.min(Math.max(limit, 1), 500));
  }

  async versionById(id: number): Promise<PriceVersion> {
    const version = await this.repository.get(id);
    if (!version) throw notFound(`There is no price version ${id}.`, 'price_version_not_found');
    return version;
  }

  currentVersion(): PriceVersion | null {
    return this.version;
  }

  /**
   * Applies a live edit as a new version: validated (prices non-negative, currencies with a rate,
   * rules well-formed, no plan locked out of every model), stored, put in force, announced.
   */
  async change(
    actor: string,
    note: string | null,
    edit: (overlay: PricingOverlay) => PricingOverlay,
  ): Promise<PriceVersion> {
    for (let attempt = 0; attempt < 5; attempt++) {
      await this.sync();
      const previous = this.version;
      const overlay = edit(structuredClone(previous?.overlay ?? { prices: {}, plans: {}, rules: {} }));
      const document = this.validate(applyOverlay(this.base, overlay));
      const appended = await this.repository.append(previous?.id ?? 0, {
        createdAt: Date.now(),
        actor,
        note,
        document,
        overlay,
        fingerprint: documentFingerprint(document),
      });
      if (appended) {
        this.load(appended);
        this.notify();
        return appended;
      }
    }
    throw invalidRequest('The prices changed several times meanwhile; please retry.', null, 'price_version_conflict');
  }

  /** Sets a model's list price (a new version); returns the price before and the new version. */
  async setPrice(actor: string, model: string, price: PriceSettings, note: string | null = null) {
    const before = this.current().document.prices[model] ?? null;
    const version = await this.change(actor, note ?? `price of ${model}`, (overlay) => ({
      ...overlay,
      prices: { ...overlay.prices, [model]: price },
    }));
    return { before, version };
  }

  async removePrice(actor: string, model: string, note: string | null = null) {
    const before = this.current().document.prices[model];
    if (!before) throw notFound(`The model '${model}' has no price.`, 'price_not_found', 'model');
    const version = await this.change(actor, note ?? `price of ${model} removed`, (overlay) => ({
      ...overlay,
      prices: { ...overlay.prices, [model]: null },
    }));
    return { before, version };
  }

  async setPlan(actor: string, id: string, plan: PlanSettings, note: string | null = null) {
    const before = this.current().document.plans[id] ?? null;
    const version = await this.change(actor, note ?? `plan ${id}`, (overlay) => ({
      ...overlay,
      plans: { ...overlay.plans, [id]: plan },
    }));
    return { before, version };
  }

  async removePlan(actor: string, id: string, note: string | null = null) {
    const before = this.current().document.plans[id];
    if (!before) throw notFound(`There is no plan '${id}'.`, 'plan_not_found', 'plan');
    const version = await this.change(actor, note ?? `plan ${id} removed`, (overlay) => ({
      ...overlay,
      plans: { ...overlay.plans, [id]: null },
    }));
    return { before, version };
  }

  async setRule(actor: string, rule: PriceRule, note: string | null = null) {
    const before = this.current().document.rules.find((existing) => existing.id === rule.id) ?? null;
    const version = await this.change(actor, note ?? `rule ${rule.id}`, (overlay) => ({
      ...overlay,
      rules: { ...overlay.rules, [rule.id]: rule },
    }));
    return { before, version };
  }

  async removeRule(actor: string, id: string, note: string | null = null) {
    const before = this.current().document.rules.find((existing) => existing.id === id);
    if (!before) throw notFound(`There is no pricing rule '${id}'.`, 'rule_not_found', 'rule');
    const version = await this.change(actor, note ?? `rule ${id} removed`, (overlay) => ({
      ...overlay,
      rules: { ...overlay.rules, [id]: null },
    }));
    return { before, version };
  }

  private load(version: PriceVersion): void {
    const rules = new RuleSet(version.id, version.document, ruleSetOptions(this.commerce));
    this.plans.replace(version.document.plans);
    this.prices.use(rules);
    this.version = version;
  }

  /** Refuses a document that cannot be priced or would lock a plan out of every model. */
  private validate(document: PricingDocument): PricingDocument {
    try {
      new RuleSet(0, document, ruleSetOptions(this.commerce));
    } catch (error) {
      if (error instanceof MissingExchangeRateError)
        throw invalidRequest(error.message, 'currency', 'missing_exchange_rate');
      throw invalidRequest((error as Error).message, 'rules', 'invalid_pricing_rule');
    }
    const defaultPlan = this.commerce.defaultPlan;
    if (!document.plans[defaultPlan])
      throw invalidRequest(
        `The plan '${defaultPlan}' is the default plan (commerce.defaultPlan) and cannot be removed.`,
        'plan',
        'default_plan_required',
      );
    const models = Object.entries(document.prices);
    for (const [id, plan] of Object.entries(document.plans)) {
      const usable = models.filter(
        ([model, price]) =>
          (!plan.freeTierOnly || price.freeTier) &&
          (!plan.allowedModels || plan.allowedModels.length === 0 || plan.allowedModels.includes(model)),
      );
      if (usable.length === 0 && !(this.commerce.defaultPrice && !plan.freeTierOnly && !plan.allowedModels?.length)) {
        throw invalidRequest(
          `The plan '${id}' would lock out every model: ${plan.freeTierOnly ? 'it may use only free-tier models and none is priced as free-tier' : 'none of its allowed models has a price'}.`,
          'plan',
          'plan_locks_out_all_models',
        );
      }
    }
    return document;
  }
}
