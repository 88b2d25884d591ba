/**
 * Protocol quirks of OpenAI-compatible upstreams. A preset sets them per vendor; an operator can
 * override any of them under `providers.<name>.quirks` in kaiyuan.yaml.
 */
export interface OpenAICompatibleQuirks {
  /** Send `stream_options: {include_usage: true}` on streamed calls (some vendors reject it). */
  streamOptions: boolean;
  /** Streamed answers carry usage (asked for, or sent unasked as Zhipu and Moonshot do). */
  streamUsage: boolean;
  /**
   * How the output limit is named upstream: `max_tokens` (most open engines and Chinese vendors),
   * `max_completion_tokens` (OpenAI reasoning models), or `keep` (send what the client sent).
   */
  maxTokensField: 'max_tokens' | 'max_completion_tokens' | 'keep';
  /** Request parameters the upstream rejects: removed before sending. */
  dropParams: string[];
  /**
   * Reasoning written inside the content as `<think>…</think>` (Qwen3/DeepSeek-R1 without a
   * reasoning parser): `true` moves it to `reasoning_content`; `implicit-open` also handles
   * templates that put the opening tag in the prompt so that the output starts inside the thought.
   */
  thinkTags: boolean | 'implicit-open';
  /** Rename a `reasoning` field (OpenRouter, Groq, newer Ollama) to `reasoning_content`. */
  renameReasoning: boolean;
  /** Fields merged into every chat/completion body (the client's own values win). */
  extraBody: Record<string, unknown>;
  /** Fields merged into non-streamed chat/completion bodies only (e.g. DashScope's enable_thinking: false). */
  nonStreamExtraBody: Record<string, unknown>;
  chatPath: string;
  completionsPath: string;
  embeddingsPath: string;
  modelsPath: string;
}

export const defaultQuirks: OpenAICompatibleQuirks = Object.freeze({
  streamOptions: true,
  streamUsage: true,
  maxTokensField: 'max_tokens',
  dropParams: [],
  thinkTags: false,
  renameReasoning: true,
  extraBody: {},
  nonStreamExtraBody: {},
  chatPath: '/chat/completions',
  completionsPath: '/completions',
  embeddingsPath: '/embeddings',
  modelsPath: '/models',
}) as OpenAICompatibleQuirks;

function stringArray(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : undefined;
}

/** Reads the loosely typed quirks record of ProviderSettings; unknown keys and bad values are ignored. */
export function resolveQuirks(record: Record<string, unknown>): OpenAICompatibleQuirks {
  const quirks = { ...defaultQuirks };
  const boolean = (key: 'streamOptions' | 'streamUsage' | 'renameReasoning') => {
    if (typeof record[key] === 'boolean') quirks[key] = record[key] as boolean;
  };
  boolean('streamOptions');
  boolean('streamUsage');
  boolean('renameReasoning');
  const field = record.maxTokensField;
  if (field === 'max_tokens' || field === 'max_completion_tokens' || field === 'keep') quirks.maxTokensField = field;
  quirks.dropParams = stringArray(record.dropParams) ?? quirks.dropParams;
  const think = record.thinkTags;
  if (typeof think === 'boolean' || think === 'implicit-open') quirks.thinkTags = think;
  for (const key of ['extraBody', 'nonStreamExtraBody'] as const) {
    const value = record[key];
    if (value && typeof value === 'object' && !Array.isArray(value)) quirks[key] = value as Record<string, unknown>;
  }
  for (const key of ['chatPath', 'completionsPath', 'embeddingsPath', 'modelsPath'] as const) {
    if (typeof record[key] === 'string' && (record[key] as string).startsWith('/')) quirks[key] = record[key] as string;
  }
  return quirks;
}
