/**
 * Protocol quirks of the Anthropic Messages API. The preset sets them; an operator can override
 * them under `providers.<name>.quirks` in kaiyuan.yaml, validated with this schema.
 */
import { z } from 'zod';

export const anthropicQuirksSchema = z
  .object({
    /** max_tokens to send when the client set none (the Messages API requires it). */
    defaultMaxTokens: z.number().int().positive(),
    /** The `anthropic-version` header sent unless the provider's headers set one. */
    apiVersion: z.string().min(1),
  })
  .partial()
  .strict();

export type AnthropicQuirkSettings = z.infer<typeof anthropicQuirksSchema>;
export type AnthropicQuirks = Required<AnthropicQuirkSettings>;

export const defaultAnthropicQuirks: Readonly<AnthropicQuirks> = Object.freeze({
  defaultMaxTokens: 4096,
  apiVersion: '2023-06-01',
});

export function resolveAnthropicQuirks(settings: AnthropicQuirkSettings = {}): AnthropicQuirks {
  return {
    defaultMaxTokens: settings.defaultMaxTokens ?? defaultAnthropicQuirks.defaultMaxTokens,
    apiVersion: settings.apiVersion ?? defaultAnthropicQuirks.apiVersion,
  };
}
