import { localEnginePreset } from './preset.ts';

/** Ollama's OpenAI-compatible `/v1`: newer versions send `reasoning`, older ones `<think>` in content. */
export const ollama = localEnginePreset({
  name: 'ollama',
  displayName: 'Ollama',
  baseUrl: 'http://127.0.0.1:11434/v1',
  quirks: { thinkTags: true },
  docsUrl: 'https://github.com/ollama/ollama/blob/main/docs/openai.md',
});
