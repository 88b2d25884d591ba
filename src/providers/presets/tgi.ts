import { localEnginePreset } from './preset.ts';

/** Hugging Face Text Generation Inference (Messages API); serves one model, named `tgi`. */
export const tgi = localEnginePreset({
  name: 'tgi',
  displayName: 'Text Generation Inference',
  baseUrl: 'http://127.0.0.1:8080/v1',
  quirks: { thinkTags: true },
  docsUrl: 'https://huggingface.co/docs/text-generation-inference/',
});
