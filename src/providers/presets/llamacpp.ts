import { localEnginePreset } from './preset.ts';

/** llama.cpp's llama-server: may end a stream without `[DONE]`; usage and timings in the last chunk. */
export const llamacpp = localEnginePreset({
  name: 'llamacpp',
  displayName: 'llama.cpp server',
  baseUrl: 'http://127.0.0.1:8080/v1',
  docsUrl: 'https://github.com/ggml-org/llama.cpp/tree/master/tools/server',
});
