import { localEnginePreset } from './preset.ts';

/**
 * Xorbits Inference (Xinference): OpenAI-compatible on port 9997. A model is called by the name
 * (model uid) it was launched under; embeddings and rerank models are served beside chat models.
 */
export const xinference = localEnginePreset({
  name: 'xinference',
  displayName: 'Xinference',
  baseUrl: 'http://127.0.0.1:9997/v1',
  docsUrl: 'https://inference.readthedocs.io/',
});
