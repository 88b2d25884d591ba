import { describe, expect, it } from 'vitest';
import { answerCost, formatDuration } from './answer-cost.ts';

const pricing = {
  input: 2,
  cached_input: 0.5,
  output: 8,
  currency: 'CNY',
  unit: 'per_million_tokens' as const,
  free_tier: false,
};

describe('answerCost', () => {
  it('prices uncached input, cached input and output per million tokens', () => {
    const cost = answerCost(
      {
        prompt_tokens: 1_000,
        completion_tokens: 500,
        total_tokens: 1_500,
        prompt_tokens_details: { cached_tokens: 400 },
      },
      pricing,
    );
    expect(cost?.currency).toBe('CNY');
    expect(cost?.amount).toBeCloseTo((600 * 2 + 400 * 0.5 + 500 * 8) / 1_000_000, 12);
  });

  it('is unknown without usage or price', () => {
    expect(answerCost(null, pricing)).toBeNull();
    expect(answerCost({ prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 }, null)).toBeNull();
  });

  it('formats durations readably', () => {
    expect(formatDuration(123.4)).toBe('123 ms');
    expect(formatDuration(2_345)).toBe('2.35 s');
    expect(formatDuration(null)).toBe('—');
  });
});
