import { localEnginePreset } from './preset.ts';

/** LM Studio's local server; reasoning may come inline as `<think>` tags. */
export const lmstudio = localEnginePreset({
  name: 'lmstudio',
  displayName: 'LM Studio',
  baseUrl: 'http://127.0.0.1:1234/v1',
  quirks: { thinkTags: true },
  docsUrl: 'https://lmstudio.ai/docs/app/api/endpoints/openai',
});
