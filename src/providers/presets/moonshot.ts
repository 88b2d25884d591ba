import { openAICompatiblePreset } from './preset.ts';

/** Moonshot AI (Kimi): streamed usage arrives unasked, inside the last chunk's choice. */
export const moonshot = openAICompatiblePreset({
  name: 'moonshot',
  displayName: 'Moonshot AI Kimi 月之暗面',
  baseUrl: 'https://api.moonshot.cn/v1',
  apiKeyEnv: 'MOONSHOT_API_KEY',
  tags: ['cn'],
  quirks: { streamOptions: false },
  models: [
    { id: 'kimi-k2', upstreamModel: 'kimi-k2-0905-preview', catalog: 'kimi-k2-instruct' },
    { id: 'kimi-k2-turbo', upstreamModel: 'kimi-k2-turbo-preview', catalog: 'kimi-k2-instruct' },
    { id: 'moonshot-v1-8k', upstreamModel: 'moonshot-v1-8k' },
    { id: 'moonshot-v1-32k', upstreamModel: 'moonshot-v1-32k' },
    { id: 'moonshot-v1-128k', upstreamModel: 'moonshot-v1-128k' },
  ],
  docsUrl: 'https://platform.moonshot.cn/docs',
});
