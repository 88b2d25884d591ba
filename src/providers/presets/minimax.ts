import { openAICompatiblePreset } from './preset.ts';

const models = [
  { id: 'MiniMax-M2', upstreamModel: 'MiniMax-M2' },
  { id: 'MiniMax-M1', upstreamModel: 'MiniMax-M1', catalog: 'minimax-m1' },
  { id: 'MiniMax-Text-01', upstreamModel: 'MiniMax-Text-01', catalog: 'minimax-text-01' },
];

// M1/M2 write their reasoning inside the content as <think>…</think>; `max_tokens` is deprecated
// in favour of `max_completion_tokens`.
const quirks = { thinkTags: true, maxTokensField: 'max_completion_tokens' } as const;

/** MiniMax (稀宇), OpenAI-compatible API, mainland China platform (minimaxi.com). */
export const minimax = openAICompatiblePreset({
  name: 'minimax',
  displayName: 'MiniMax 稀宇',
  baseUrl: 'https://api.minimaxi.com/v1',
  apiKeyEnv: 'MINIMAX_API_KEY',
  tags: ['cn'],
  quirks,
  models,
  docsUrl: 'https://platform.minimaxi.com/document/',
});

/** MiniMax's international platform (minimax.io); keys are per platform. */
export const minimaxIntl = openAICompatiblePreset({
  name: 'minimax-intl',
  displayName: 'MiniMax (international)',
  baseUrl: 'https://api.minimax.io/v1',
  apiKeyEnv: 'MINIMAX_INTL_API_KEY',
  tags: ['global'],
  quirks,
  models,
  docsUrl: 'https://platform.minimax.io/docs/',
});
