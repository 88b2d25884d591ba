import { openAICompatiblePreset } from './preset.ts';

/** StepFun (阶跃星辰): OpenAI-compatible chat completions; no embeddings on this endpoint. */
export const stepfun = openAICompatiblePreset({
  name: 'stepfun',
  displayName: 'StepFun 阶跃星辰',
  baseUrl: 'https://api.stepfun.com/v1',
  apiKeyEnv: 'STEPFUN_API_KEY',
  tags: ['cn'],
  models: [
    { id: 'step-2-16k', upstreamModel: 'step-2-16k' },
    { id: 'step-2-mini', upstreamModel: 'step-2-mini' },
    { id: 'step-1-8k', upstreamModel: 'step-1-8k' },
    { id: 'step-r1-v-mini', upstreamModel: 'step-r1-v-mini' },
  ],
  docsUrl: 'https://platform.stepfun.com/docs/',
});
