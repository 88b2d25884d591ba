import { localEnginePreset } from './preset.ts';

/** vLLM: stream usage, reasoning_content with `--reasoning-parser`; set thinkTags without one. */
export const vllm = localEnginePreset({
  name: 'vllm',
  displayName: 'vLLM',
  baseUrl: 'http://127.0.0.1:8000/v1',
  docsUrl: 'https://docs.vllm.ai/',
});
