import { openAICompatiblePreset } from './preset.ts';

/** DeepSeek's own API: reasoning_content on deepseek-reasoner, `: keep-alive` comments while queued. */
export const deepseek = openAICompatiblePreset({
  name: 'deepseek',
  displayName: 'DeepSeek',
  baseUrl: 'https://api.deepseek.com',
  apiKeyEnv: 'DEEPSEEK_API_KEY',
  tags: ['cn'],
  models: [
    { id: 'deepseek-chat', upstreamModel: 'deepseek-chat', catalog: 'deepseek-v3' },
    { id: 'deepseek-reasoner', upstreamModel: 'deepseek-reasoner', catalog: 'deepseek-r1' },
  ],
  docsUrl: 'https://api-docs.deepseek.com/',
});
