/** Guesses which engine serves an OpenAI-compatible `/v1/models` answer. */
export type LocalEngine =
  'ollama' | 'vllm' | 'sglang' | 'llamacpp' | 'lmstudio' | 'tgi' | 'lmdeploy' | 'xinference' | 'openai-compatible';

const engines: LocalEngine[] = ['ollama', 'vllm', 'sglang', 'llamacpp', 'lmstudio', 'tgi', 'lmdeploy', 'xinference'];
const defaultPorts: Record<string, LocalEngine> = {
  '11434': 'ollama',
  '8000': 'vllm',
  '30000': 'sglang',
  '1234': 'lmstudio',
  '23333': 'lmdeploy',
  '9997': 'xinference',
};

export function detectEngine(name: string, baseUrl: string, models: unknown[]): LocalEngine {
  const first = (models[0] ?? {}) as Record<string, unknown>;
  const owner = typeof first.owned_by === 'string' ? first.owned_by.toLowerCase() : '';
  if (owner === 'vllm') return 'vllm';
  if (owner === 'sglang') return 'sglang';
  if (owner === 'lmdeploy') return 'lmdeploy';
  if (owner === 'xinference') return 'xinference';
  if (owner === 'llamacpp' || (first.meta && typeof first.meta === 'object')) return 'llamacpp';
  if (owner === 'organization_owner') return 'lmstudio';
  if (owner === 'library' || owner === 'ollama') return 'ollama';
  if (owner === 'huggingface' || first.id === 'tgi') return 'tgi';
  const lowered = name.toLowerCase().replace(/[^a-z]/g, '');
  const named = engines.find(
    (engine) => lowered.includes(engine) || (engine === 'llamacpp' && lowered.includes('llama')),
  );
  if (named) return named;
  try {
    return defaultPorts[new URL(baseUrl).port] ?? 'openai-compatible';
  } catch {
    return 'openai-compatible';
  }
}
