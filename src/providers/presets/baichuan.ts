import { openAICompatiblePreset } from './preset.ts';

/**
 * Baichuan (百川智能): OpenAI-compatible chat completions and embeddings. `stream_options` is
 * not documented, so none is sent; a stream's usage comes with its last chunk.
 */
export const baichuan = openAICompatiblePreset({
  name: 'baichuan',
  displayName: 'Baichuan 百川智能',
  baseUrl: 'https://api.baichuan-ai.com/v1',
  apiKeyEnv: 'BAICHUAN_API_KEY',
  tags: ['cn'],
  quirks: { streamOptions: false },
  models: [
    { id: 'Baichuan4-Turbo', upstreamModel: 'Baichuan4-Turbo' },
    { id: 'Baichuan4-Air', upstreamModel: 'Baichuan4-Air' },
    { id: 'Baichuan4', upstreamModel: 'Baichuan4' },
    { id: 'Baichuan-Text-Embedding', upstreamModel: 'Baichuan-Text-Embedding' },
  ],
  docsUrl: 'https://platform.baichuan-ai.com/docs/api',
});
