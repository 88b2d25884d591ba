import type { ChatUsage } from '../../api/chat-stream.ts';
import type { ModelPricing } from '../../api/models-api.ts';

export interface Cost {
  amount: number;
  currency: string;
}

/** The price of one answer from the model's price book entry (per million tokens). */
export function answerCost(usage: ChatUsage | null, pricing: ModelPricing | null | undefined): Cost | null {
  if (!usage || !pricing) return null;
  const cached = Math.min(usage.prompt_tokens_details?.cached_tokens ?? 0, usage.prompt_tokens);
  const uncached = usage.prompt_tokens - cached;
  const amount =
    (uncached * pricing.input +
      cached * (pricing.cached_input ?? pricing.input) +
      usage.completion_tokens * pricing.output) /
    1_000_000;
  return { amount, currency: pricing.currency };
}

export function formatDuration(milliseconds: number | null): string {
  if (milliseconds === null) return '—';
  return milliseconds < 1_000 ? `${Math.round(milliseconds)} ms` : `${(milliseconds / 1_000).toFixed(2)} s`;
}
