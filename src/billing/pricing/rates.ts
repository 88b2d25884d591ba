import { priceComponents, type PriceComponent } from '../../api-contract/pricing.ts';

/**
 * A price made ready to charge: nano-units of the billing currency per token for each kind of
 * token, and per request for `request`. Fractions of a nano-unit are kept until the total of a
 * request is rounded (up, once) — see docs/billing.md.
 */
export type Rates = Record<PriceComponent, number>;

/** The token counts a request is charged for (cached and cache-write tokens are part of the prompt). */
export interface ChargeableUsage {
  promptTokens: number;
  cachedTokens: number;
  cacheWriteTokens?: number;
  completionTokens: number;
  reasoningTokens: number;
}

export const unitRates: Readonly<Rates> = Object.freeze({
  input: 1,
  cachedInput: 1,
  cacheWrite: 1,
  output: 1,
  reasoning: 1,
  request: 1,
});

export const zeroRates: Readonly<Rates> = Object.freeze({
  input: 0,
  cachedInput: 0,
  cacheWrite: 0,
  output: 0,
  reasoning: 0,
  request: 0,
});

/** A per-million price in currency units → nano-units per token (× the exchange rate), kept to 1e-6 nano. */
export function perTokenNano(perMillion: number, rate: number): number {
  return Math.round(perMillion * 1000 * rate * 1e6) / 1e6;
}

/** A per-request fee in currency units → nano-units. */
export function perRequestNano(units: number, rate: number): number {
  return Math.round(units * 1e9 * rate);
}

/**
 * The charge of a usage in nano-units, rounded up once to a whole nano-unit. Cached and
 * cache-write tokens are taken out of the prompt (never counted twice), reasoning tokens out of
 * the completion; counts the provider could not split consistently are clamped, never negative.
 */
export function chargeOf(rates: Rates, usage: ChargeableUsage): number {
  const prompt = nonNegative(usage.promptTokens);
  const cached = Math.min(nonNegative(usage.cachedTokens), prompt);
  const cacheWrite = Math.min(nonNegative(usage.cacheWriteTokens ?? 0), prompt - cached);
  const completion = nonNegative(usage.completionTokens);
  const reasoning = Math.min(nonNegative(usage.reasoningTokens), completion);
  const total =
    (prompt - cached - cacheWrite) * rates.input +
    cached * rates.cachedInput +
    cacheWrite * rates.cacheWrite +
    (completion - reasoning) * rates.output +
    reasoning * rates.reasoning +
    rates.request;
  return total <= 0 ? 0 : Math.ceil(total - 1e-6);
}

/**
 * The most a request can cost: every prompt token at the dearest prompt rate, every output
 * token at the dearest output rate, plus the request fee.
 */
export function worstCaseCharge(rates: Rates, promptTokens: number, maxOutputTokens: number): number {
  const prompt = Math.max(rates.input, rates.cachedInput, rates.cacheWrite);
  const output = Math.max(rates.output, rates.reasoning);
  const total = nonNegative(promptTokens) * prompt + nonNegative(maxOutputTokens) * output + rates.request;
  return total <= 0 ? 0 : Math.ceil(total - 1e-6);
}

export function multiplyRates(rates: Rates, factors: Rates): Rates {
  const result = { ...rates };
  for (const name of priceComponents) result[name] = rates[name] * factors[name];
  return result;
}

function nonNegative(value: number): number {
  return Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;
}
