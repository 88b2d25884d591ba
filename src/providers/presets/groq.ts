import { openAICompatiblePreset } from './preset.ts';

/**
 * Groq: usage under `x_groq.usage`, 400 for logprobs/logit_bias, and reasoning models that
 * answer with `<think>` tags by default (reasoning_format "raw").
 */
export const groq = openAICompatiblePreset({
  name: 'groq',
  displayName: 'Groq',
  baseUrl: 'https://api.groq.com/openai/v1',
  apiKeyEnv: 'GROQ_API_KEY',
  tags: ['global'],
  quirks: { streamOptions: false, dropParams: ['logprobs', 'top_logprobs', 'logit_bias'], thinkTags: true },
  models: [
    { id: 'llama-3.3-70b-instruct', upstreamModel: 'llama-3.3-70b-versatile', catalog: 'llama-3.3-70b-instruct' },
    { id: 'llama-3.1-8b-instruct', upstreamModel: 'llama-3.1-8b-instant', catalog: 'llama-3.1-8b-instruct' },
    { id: 'qwen3-32b', upstreamModel: 'qwen/qwen3-32b', catalog: 'qwen3-32b' },
    { id: 'kimi-k2-instruct', upstreamModel: 'moonshotai/kimi-k2-instruct', catalog: 'kimi-k2-instruct' },
  ],
  docsUrl: 'https://console.groq.com/docs/openai',
});
