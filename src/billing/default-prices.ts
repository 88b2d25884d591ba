import type { PriceSettings } from '../config/commerce-schema.ts';

/** Prices per million tokens of the built-in models; kaiyuan.yaml `commerce.prices` adds or replaces. */
export const defaultPrices: Record<string, PriceSettings> = {
  'sim-chat': { input: 1, cachedInput: 0.25, output: 2, currency: 'CNY', freeTier: true },
  'sim-reasoner': { input: 4, cachedInput: 1, output: 16, currency: 'CNY', freeTier: false },
  'sim-embed': { input: 0.5, output: 0, currency: 'CNY', freeTier: true },
  'sim-rerank': { input: 0.5, output: 0, currency: 'CNY', freeTier: true },
};
