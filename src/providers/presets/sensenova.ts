import { openAICompatiblePreset } from './preset.ts';

/**
 * SenseTime SenseNova (日日新) through its OpenAI-compatible mode. It does not document
 * `stream_options`, so none is sent; usage of a stream comes with its last chunk.
 */
export const sensenova = openAICompatiblePreset({
  name: 'sensenova',
  displayName: 'SenseTime SenseNova 日日新',
  baseUrl: 'https://api.sensenova.cn/compatible-mode/v1',
  apiKeyEnv: 'SENSENOVA_API_KEY',
  tags: ['cn'],
  quirks: { streamOptions: false },
  models: [
    { id: 'SenseChat-5', upstreamModel: 'SenseChat-5' },
    { id: 'SenseChat-Turbo', upstreamModel: 'SenseChat-Turbo' },
    { id: 'SenseChat-128K', upstreamModel: 'SenseChat-128K' },
  ],
  docsUrl: 'https://platform.sensenova.cn/docs',
});
