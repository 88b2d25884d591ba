import { openAICompatiblePreset } from './preset.ts';

/** OpenAI: the output limit is `max_completion_tokens` (required by its reasoning models). */
export const openai = openAICompatiblePreset({
  name: 'openai',
  displayName: 'OpenAI',
  baseUrl: 'https://api.openai.com/v1',
  apiKeyEnv: 'OPENAI_API_KEY',
  tags: ['global'],
  quirks: { maxTokensField: 'max_completion_tokens' },
  models: [
    { id: 'gpt-4o-mini', upstreamModel: 'gpt-4o-mini' },
    { id: 'gpt-4.1-mini', upstreamModel: 'gpt-4.1-mini' },
    { id: 'text-embedding-3-small', upstreamModel: 'text-embedding-3-small' },
  ],
  docsUrl: 'https://platform.openai.com/docs/api-reference',
});
