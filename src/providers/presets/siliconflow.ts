import { openAICompatiblePreset } from './preset.ts';

/** SiliconFlow (硅基流动): open models by their Hugging Face ids. */
export const siliconflow = openAICompatiblePreset({
  name: 'siliconflow',
  displayName: 'SiliconFlow 硅基流动',
  baseUrl: 'https://api.siliconflow.cn/v1',
  apiKeyEnv: 'SILICONFLOW_API_KEY',
  tags: ['cn'],
  models: [
    { id: 'deepseek-v3', upstreamModel: 'deepseek-ai/DeepSeek-V3', catalog: 'deepseek-v3' },
    { id: 'deepseek-r1', upstreamModel: 'deepseek-ai/DeepSeek-R1', catalog: 'deepseek-r1' },
    { id: 'qwen3-8b', upstreamModel: 'Qwen/Qwen3-8B', catalog: 'qwen3-8b' },
    { id: 'qwen3-235b-a22b', upstreamModel: 'Qwen/Qwen3-235B-A22B', catalog: 'qwen3-235b-a22b' },
    { id: 'glm-4-9b', upstreamModel: 'THUDM/GLM-4-9B-0414', catalog: 'glm-4-9b' },
    { id: 'bge-m3', upstreamModel: 'BAAI/bge-m3' },
  ],
  docsUrl: 'https://docs.siliconflow.cn/',
});
