import { openAICompatiblePreset } from './preset.ts';

/** Zhipu AI BigModel (智谱): usage always in the last streamed chunk; numeric error codes. */
export const zhipu = openAICompatiblePreset({
  name: 'zhipu',
  displayName: 'Zhipu AI BigModel 智谱',
  baseUrl: 'https://open.bigmodel.cn/api/paas/v4',
  apiKeyEnv: 'ZHIPU_API_KEY',
  tags: ['cn'],
  quirks: { streamOptions: false },
  models: [
    { id: 'glm-4.5', upstreamModel: 'glm-4.5', catalog: 'glm-4.5' },
    { id: 'glm-4.5-air', upstreamModel: 'glm-4.5-air', catalog: 'glm-4.5-air' },
    { id: 'glm-4-plus', upstreamModel: 'glm-4-plus' },
    { id: 'glm-4-flash', upstreamModel: 'glm-4-flash' },
    { id: 'embedding-3', upstreamModel: 'embedding-3' },
  ],
  docsUrl: 'https://open.bigmodel.cn/dev/api',
});
