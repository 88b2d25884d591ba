/**
 * The upstream protocols and the quirks each one takes. The config schema validates an
 * operator's `providers.<name>.quirks` with the schema of the provider's protocol; presets are
 * typed by it at compile time.
 */
import type { z } from 'zod';
import { anthropicQuirksSchema } from './anthropic/anthropic-quirks.ts';
import { openAICompatibleQuirksSchema } from './openai-compatible/quirks.ts';

export const upstreamProtocols = ['openai-compatible', 'anthropic'] as const;
export type UpstreamProtocol = (typeof upstreamProtocols)[number];

export const quirkSchemas = {
  'openai-compatible': openAICompatibleQuirksSchema,
  anthropic: anthropicQuirksSchema,
} satisfies Record<UpstreamProtocol, z.ZodObject>;

/** The quirks a preset or an operator may set for a protocol (any subset). */
export type QuirkSettings<Protocol extends UpstreamProtocol> = z.infer<(typeof quirkSchemas)[Protocol]>;

/** The names of a protocol's quirks, for messages that list them. */
export function quirkNames(protocol: UpstreamProtocol): string[] {
  return Object.keys(quirkSchemas[protocol].shape);
}
