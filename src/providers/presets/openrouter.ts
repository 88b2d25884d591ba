import { openAICompatiblePreset } from './preset.ts';

/** OpenRouter: `: OPENROUTER PROCESSING` comments, a `reasoning` field, errors as SSE events mid-stream. */
export const openrouter = openAICompatiblePreset({
  name: 'openrouter',
  displayName: 'OpenRouter',
  baseUrl: 'https://openrouter.ai/api/v1',
  apiKeyEnv: 'OPENROUTER_API_KEY',
  tags: ['global'],
  headers: { 'X-Title': 'Kaiyuan' },
  models: [
    { id: 'deepseek-v3.1', upstreamModel: 'deepseek/deepseek-chat-v3.1', catalog: 'deepseek-v3.1' },
    { id: 'deepseek-r1', upstreamModel: 'deepseek/deepseek-r1', catalog: 'deepseek-r1' },
    { id: 'qwen3-235b-a22b', upstreamModel: 'qwen/qwen3-235b-a22b', catalog: 'qwen3-235b-a22b' },
    { id: 'kimi-k2-instruct', upstreamModel: 'moonshotai/kimi-k2', catalog: 'kimi-k2-instruct' },
    { id: 'glm-4.5', upstreamModel: 'z-ai/glm-4.5', catalog: 'glm-4.5' },
    { id: 'minimax-m1', upstreamModel: 'minimax/minimax-m1', catalog: 'minimax-m1' },
  ],
  docsUrl: 'https://openrouter.ai/docs',
});
