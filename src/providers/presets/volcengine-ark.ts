import { openAICompatiblePreset } from './preset.ts';

/** Volcengine Ark (火山方舟): model ids or endpoint ids (`ep-…`) as the upstream model. */
export const volcengineArk = openAICompatiblePreset({
  name: 'ark',
  displayName: 'Volcengine Ark 火山方舟',
  baseUrl: 'https://ark.cn-beijing.volces.com/api/v3',
  apiKeyEnv: 'ARK_API_KEY',
  tags: ['cn'],
  models: [
    { id: 'doubao-seed-1.6', upstreamModel: 'doubao-seed-1-6-250615' },
    { id: 'deepseek-v3', upstreamModel: 'deepseek-v3-250324', catalog: 'deepseek-v3' },
    { id: 'deepseek-r1', upstreamModel: 'deepseek-r1-250528', catalog: 'deepseek-r1' },
    { id: 'kimi-k2', upstreamModel: 'kimi-k2-250711', catalog: 'kimi-k2-instruct' },
  ],
  docsUrl: 'https://www.volcengine.com/docs/82379',
});
