import { openAICompatiblePreset } from './preset.ts';

const models = [
  { id: 'qwen-plus', upstreamModel: 'qwen-plus' },
  { id: 'qwen-max', upstreamModel: 'qwen-max' },
  { id: 'qwen-turbo', upstreamModel: 'qwen-turbo' },
  { id: 'qwen3-235b-a22b', upstreamModel: 'qwen3-235b-a22b', catalog: 'qwen3-235b-a22b' },
  { id: 'qwen3-30b-a3b', upstreamModel: 'qwen3-30b-a3b', catalog: 'qwen3-30b-a3b' },
  { id: 'qwen3-32b', upstreamModel: 'qwen3-32b', catalog: 'qwen3-32b' },
  { id: 'text-embedding-v4', upstreamModel: 'text-embedding-v4' },
];

// The open Qwen3 models think by default and refuse non-streamed calls unless thinking is off.
const quirks = { nonStreamExtraBody: { enable_thinking: false } };

/** Alibaba Cloud Model Studio (百炼 / DashScope), OpenAI-compatible mode, Beijing region. */
export const dashscope = openAICompatiblePreset({
  name: 'dashscope',
  displayName: 'Alibaba Cloud DashScope 百炼',
  baseUrl: 'https://dashscope.aliyuncs.com/compatible-mode/v1',
  apiKeyEnv: 'DASHSCOPE_API_KEY',
  tags: ['cn'],
  quirks,
  models,
  docsUrl: 'https://help.aliyun.com/zh/model-studio/compatibility-of-openai-with-dashscope',
});

/** The international (Singapore) endpoint of Model Studio; keys are per region. */
export const dashscopeIntl = openAICompatiblePreset({
  name: 'dashscope-intl',
  displayName: 'Alibaba Cloud Model Studio (international)',
  baseUrl: 'https://dashscope-intl.aliyuncs.com/compatible-mode/v1',
  apiKeyEnv: 'DASHSCOPE_INTL_API_KEY',
  tags: ['global'],
  quirks,
  models,
  docsUrl: 'https://www.alibabacloud.com/help/en/model-studio/',
});
