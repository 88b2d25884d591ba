import type { PricingDocument, PricingOverlay, PriceRule } from '../../api-contract/pricing.ts';
import type { CommerceConfig } from '../../config/commerce-schema.ts';
import { batchRules } from '../batch-discount.ts';
import { defaultPlans } from '../default-plans.ts';
import { defaultPrices } from '../default-prices.ts';

/**
 * The rule set kaiyuan.yaml describes: built-in prices and plans with `commerce.prices`,
 * `commerce.plans` and `commerce.rules` over them, and the batch discount as rules.
 */
export function configDocument(commerce: CommerceConfig): PricingDocument {
  return {
    timezone: commerce.timezone,
    prices: { ...defaultPrices, ...commerce.prices },
    plans: { ...defaultPlans, ...commerce.plans },
    rules: [...commerce.rules, ...batchRules(commerce.batchPricing)],
  };
}

/** The effective rule set: the file's, with the live edits of the overlay (same name replaces, null removes). */
export function applyOverlay(base: PricingDocument, overlay: PricingOverlay): PricingDocument {
  const prices = { ...base.prices };
  for (const [model, price] of Object.entries(overlay.prices)) {
    if (price) prices[model] = price;
    else delete prices[model];
  }
  const plans = { ...base.plans };
  for (const [id, plan] of Object.entries(overlay.plans)) {
    if (plan) plans[id] = plan;
    else delete plans[id];
  }
  const rules: PriceRule[] = [];
  for (const rule of base.rules) {
    if (!(rule.id in overlay.rules)) rules.push(rule);
    else if (overlay.rules[rule.id]) rules.push(overlay.rules[rule.id]!);
  }
  const known = new Set(base.rules.map((rule) => rule.id));
  for (const [id, rule] of Object.entries(overlay.rules)) if (rule && !known.has(id)) rules.push(rule);
  return { timezone: overlay.timezone ?? base.timezone, prices, plans, rules };
}

/** Content identity of a document (for "did anything change?"), independent of key order. */
export function documentFingerprint(document: PricingDocument): string {
  return stableStringify(document);
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${stableStringify(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
