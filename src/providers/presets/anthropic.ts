import type { PresetOf } from './preset.ts';

/** Anthropic's native Messages API (translated by providers/anthropic). */
export const anthropic: PresetOf<'anthropic'> = {
  name: 'anthropic',
  displayName: 'Anthropic',
  protocol: 'anthropic',
  kind: 'hosted',
  baseUrl: 'https://api.anthropic.com/v1',
  apiKeyEnv: 'ANTHROPIC_API_KEY',
  authStyle: 'x-api-key',
  tags: ['global'],
  quirks: { apiVersion: '2023-06-01', defaultMaxTokens: 4096 },
  models: [
    { id: 'claude-sonnet-4', upstreamModel: 'claude-sonnet-4-20250514' },
    { id: 'claude-3-5-haiku', upstreamModel: 'claude-3-5-haiku-20241022' },
  ],
  docsUrl: 'https://docs.anthropic.com/en/api/messages',
};
