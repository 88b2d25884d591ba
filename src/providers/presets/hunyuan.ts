import { openAICompatiblePreset } from './preset.ts';

/**
 * Tencent Hunyuan (腾讯混元) through its OpenAI-compatible endpoint (an API key of the Hunyuan
 * console, not a SecretId/SecretKey pair). Streamed chunks carry usage unasked, so
 * `stream_options` is not sent.
 */
export const hunyuan = openAICompatiblePreset({
  name: 'hunyuan',
  displayName: 'Tencent Hunyuan 腾讯混元',
  baseUrl: 'https://api.hunyuan.cloud.tencent.com/v1',
  apiKeyEnv: 'HUNYUAN_API_KEY',
  tags: ['cn'],
  quirks: { streamOptions: false },
  models: [
    { id: 'hunyuan-turbos-latest', upstreamModel: 'hunyuan-turbos-latest' },
    { id: 'hunyuan-t1-latest', upstreamModel: 'hunyuan-t1-latest' },
    { id: 'hunyuan-lite', upstreamModel: 'hunyuan-lite' },
    { id: 'hunyuan-embedding', upstreamModel: 'hunyuan-embedding' },
  ],
  docsUrl: 'https://cloud.tencent.com/document/product/1729/111007',
});
