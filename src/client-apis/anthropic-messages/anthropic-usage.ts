import type { Usage } from '../../providers/spec.ts';

/** Usage in Anthropic's shape: input_tokens excludes the tokens read from the prompt cache. */
export function anthropicUsage(usage: Usage) {
  return {
    input_tokens: Math.max(0, usage.promptTokens - usage.cachedTokens),
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: usage.cachedTokens,
    output_tokens: usage.completionTokens,
  };
}

/**
 * A thinking block's `signature`. Anthropic's is an encrypted check that the thinking is the
 * model's own; an open model has none, so this is an opaque marker clients can pass back.
 */
export function thinkingSignature(thinking: string): string {
  return Buffer.from(`kaiyuan:${thinking.length}`).toString('base64');
}
