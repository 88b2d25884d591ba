import { openAICompatiblePreset } from './preset.ts';

/**
 * Hugging Face Inference Providers: one OpenAI-compatible router in front of many hosts
 * (Together, Fireworks, Groq, Nebius, SambaNova, …) under one Hugging Face token. Model ids are
 * Hub repository names; a `:provider` suffix (`deepseek-ai/DeepSeek-R1:together`) pins the host.
 */
export const huggingface = openAICompatiblePreset({
  name: 'huggingface',
  displayName: 'Hugging Face Inference Providers',
  baseUrl: 'https://router.huggingface.co/v1',
  apiKeyEnv: 'HF_TOKEN',
  tags: ['global'],
  models: [
    { id: 'openai/gpt-oss-120b', upstreamModel: 'openai/gpt-oss-120b' },
    { id: 'deepseek-ai/DeepSeek-R1', upstreamModel: 'deepseek-ai/DeepSeek-R1', catalog: 'deepseek-r1' },
    { id: 'Qwen/Qwen3-235B-A22B', upstreamModel: 'Qwen/Qwen3-235B-A22B', catalog: 'qwen3-235b-a22b' },
    { id: 'meta-llama/Llama-3.3-70B-Instruct', upstreamModel: 'meta-llama/Llama-3.3-70B-Instruct' },
  ],
  docsUrl: 'https://huggingface.co/docs/inference-providers/',
});
