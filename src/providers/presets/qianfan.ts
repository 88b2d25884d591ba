import { openAICompatiblePreset } from './preset.ts';

/** Baidu AI Cloud Qianfan (千帆) v2: OpenAI-compatible, errors sometimes as `error_code` with HTTP 200. */
export const qianfan = openAICompatiblePreset({
  name: 'qianfan',
  displayName: 'Baidu Qianfan 千帆',
  baseUrl: 'https://qianfan.baidubce.com/v2',
  apiKeyEnv: 'QIANFAN_API_KEY',
  tags: ['cn'],
  models: [
    { id: 'ernie-4.5-turbo-128k', upstreamModel: 'ernie-4.5-turbo-128k' },
    { id: 'ernie-x1-turbo-32k', upstreamModel: 'ernie-x1-turbo-32k' },
    { id: 'ernie-4.5-21b-a3b', upstreamModel: 'ernie-4.5-21b-a3b', catalog: 'ernie-4.5-21b-a3b' },
  ],
  docsUrl: 'https://cloud.baidu.com/doc/qianfan-api/',
});
