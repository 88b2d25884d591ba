import { openAICompatiblePreset } from './preset.ts';

/** Together AI: open models by organisation/name ids. */
export const together = openAICompatiblePreset({
  name: 'together',
  displayName: 'Together AI',
  baseUrl: 'https://api.together.xyz/v1',
  apiKeyEnv: 'TOGETHER_API_KEY',
  tags: ['global'],
  models: [
    {
      id: 'llama-3.3-70b-instruct',
      upstreamModel: 'meta-llama/Llama-3.3-70B-Instruct-Turbo',
      catalog: 'llama-3.3-70b-instruct',
    },
    { id: 'deepseek-v3', upstreamModel: 'deepseek-ai/DeepSeek-V3', catalog: 'deepseek-v3' },
    { id: 'deepseek-r1', upstreamModel: 'deepseek-ai/DeepSeek-R1', catalog: 'deepseek-r1' },
    { id: 'kimi-k2-instruct', upstreamModel: 'moonshotai/Kimi-K2-Instruct', catalog: 'kimi-k2-instruct' },
  ],
  docsUrl: 'https://docs.together.ai/',
});
