import { localEnginePreset } from './preset.ts';

/** SGLang: like vLLM (`--reasoning-parser` for reasoning_content). */
export const sglang = localEnginePreset({
  name: 'sglang',
  displayName: 'SGLang',
  baseUrl: 'http://127.0.0.1:30000/v1',
  docsUrl: 'https://docs.sglang.ai/',
});
