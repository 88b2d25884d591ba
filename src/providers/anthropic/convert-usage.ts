/**
 * Anthropic usage → OpenAI usage. Anthropic's input_tokens exclude cache reads and writes;
 * OpenAI's prompt_tokens include them, with cache reads as prompt_tokens_details.cached_tokens.
 */
import type { Usage } from '../spec.ts';

type Json = Record<string, any>;

export interface AnthropicUsage {
  input_tokens?: number;
  output_tokens?: number;
  cache_read_input_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
}

export function toOpenAIUsage(usage: AnthropicUsage): Json {
  const cached = usage.cache_read_input_tokens ?? 0;
  const prompt = (usage.input_tokens ?? 0) + cached + (usage.cache_creation_input_tokens ?? 0);
  const completion = usage.output_tokens ?? 0;
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: cached },
  };
}

/** Cache reads are cached tokens, cache writes (cache_creation_input_tokens) cache-write tokens, both part of the prompt. */
export function toUsage(usage: AnthropicUsage): Usage {
  const openai = toOpenAIUsage(usage);
  const cacheWrite = Math.max(0, usage.cache_creation_input_tokens ?? 0);
  return {
    promptTokens: openai.prompt_tokens,
    completionTokens: openai.completion_tokens,
    cachedTokens: openai.prompt_tokens_details.cached_tokens,
    reasoningTokens: 0,
    ...(cacheWrite > 0 ? { cacheWriteTokens: cacheWrite } : {}),
  };
}
