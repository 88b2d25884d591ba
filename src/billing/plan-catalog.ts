import type { CommerceConfig, LevelSettings, LimitSettings, PlanSettings } from '../config/commerce-schema.ts';
import { notFound } from '../util/errors.ts';
import { defaultLevels, defaultPlans } from './default-plans.ts';
import { fromNano } from './money.ts';

export interface Plan extends PlanSettings {
  id: string;
  name: string;
}

/** The plans of the platform: defaults with kaiyuan.yaml's `commerce.plans` merged over them. */
export class PlanCatalog {
  private plans = new Map<string, Plan>();
  readonly levels: LevelSettings[];
  readonly defaultPlanId: string;

  constructor(config: CommerceConfig) {
    this.replace({ ...defaultPlans, ...config.plans });
    this.levels = [...(config.levels ?? defaultLevels)].sort((a, b) => a.minSpend - b.minSpend);
    this.defaultPlanId = config.defaultPlan;
    if (!this.plans.has(this.defaultPlanId))
      throw new Error(`commerce.defaultPlan '${this.defaultPlanId}' is not a plan.`);
  }

  /** Puts a price version's plans in force (the default plan must stay). */
  replace(plans: Record<string, PlanSettings>): void {
    const next = new Map<string, Plan>();
    for (const [id, plan] of Object.entries(plans)) next.set(id, { ...plan, id, name: plan.name ?? id });
    if (this.defaultPlanId !== undefined && !next.has(this.defaultPlanId))
      throw new Error(`commerce.defaultPlan '${this.defaultPlanId}' is not a plan.`);
    this.plans = next;
  }

  list(): Plan[] {
    return [...this.plans.values()];
  }

  find(id: string | null | undefined): Plan | null {
    return (id && this.plans.get(id)) || null;
  }

  /** The plan's fallback list for a model (its '*' entry when it has none for the model); undefined: the model's own. */
  fallbacksFor(planId: string, model: string): readonly string[] | undefined {
    const fallbacks = this.plans.get(planId)?.fallbacks;
    if (!fallbacks) return undefined;
    return fallbacks[model] ?? fallbacks['*'];
  }

  get(id: string): Plan {
    const plan = this.plans.get(id);
    if (!plan) throw notFound(`No plan '${id}'. Plans: ${[...this.plans.keys()].join(', ')}.`, 'plan_not_found');
    return plan;
  }

  /** The level an organization has reached with its cumulative paid spend (nano-units). */
  levelFor(spentNano: number): LevelSettings {
    const spent = fromNano(spentNano);
    let reached = this.levels[0] ?? { name: 'L0', minSpend: 0, multiplier: 1 };
    for (const level of this.levels) if (spent >= level.minSpend) reached = level;
    return reached;
  }

  /**
   * Effective per-model limits of an organization: the plan's, multiplied by its spend level
   * (plans with `levels: true`), then the organization's own overrides (enterprise custom limits).
   */
  effectiveLimits(plan: Plan, spentNano: number, overrides: LimitSettings): LimitSettings {
    const multiplier = plan.levels ? this.levelFor(spentNano).multiplier : 1;
    const limits = plan.limits;
    // Each limit by name, not a loop over the names: every admission runs this, and keyed loads and
    // stores over these objects were megamorphic (decision 048).
    const rpm = overrides.rpm !== undefined ? overrides.rpm : scaledLimit(limits.rpm, multiplier);
    const rpd = overrides.rpd !== undefined ? overrides.rpd : scaledLimit(limits.rpd, multiplier);
    const tpm = overrides.tpm !== undefined ? overrides.tpm : scaledLimit(limits.tpm, multiplier);
    const tpd = overrides.tpd !== undefined ? overrides.tpd : scaledLimit(limits.tpd, multiplier);
    const effective: LimitSettings = {};
    if (rpm !== undefined) effective.rpm = rpm;
    if (rpd !== undefined) effective.rpd = rpd;
    if (tpm !== undefined) effective.tpm = tpm;
    if (tpd !== undefined) effective.tpd = tpd;
    return effective;
  }
}

/** A plan's limit multiplied by the spend level's multiplier (whole units, rounded down). */
function scaledLimit(base: number | undefined, multiplier: number): number | undefined {
  return base === undefined ? undefined : Math.floor(base * multiplier);
}
