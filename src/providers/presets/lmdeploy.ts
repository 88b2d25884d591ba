import { localEnginePreset } from './preset.ts';

/** LMDeploy's `lmdeploy serve api_server` (TurboMind / PyTorch engines), OpenAI-compatible on port 23333. */
export const lmdeploy = localEnginePreset({
  name: 'lmdeploy',
  displayName: 'LMDeploy',
  baseUrl: 'http://127.0.0.1:23333/v1',
  docsUrl: 'https://lmdeploy.readthedocs.io/',
});
