/**
 * Protocol quirks of OpenAI-compatible upstreams. A preset sets them per vendor (type-checked);
 * an operator can override any of them under `providers.<name>.quirks` in kaiyuan.yaml, which
 * the config loader validates with this schema.
 */
import { z } from 'zod';

const path = z.string().startsWith('/');

export const openAICompatibleQuirksSchema = z
  .object({
    /** Send `stream_options: {include_usage: true}` on streamed calls (some vendors reject it). */
    streamOptions: z.boolean(),
    /** Streamed answers carry usage (asked for, or sent unasked as Zhipu and Moonshot do). */
    streamUsage: z.boolean(),
    /**
     * How the output limit is named upstream: `max_tokens` (most open engines and Chinese vendors),
     * `max_completion_tokens` (OpenAI reasoning models), or `keep` (send what the client sent).
     */
    maxTokensField: z.enum(['max_tokens', 'max_completion_tokens', 'keep']),
    /** Request parameters the upstream rejects: removed before sending. */
    dropParams: z.array(z.string()),
    /**
     * Reasoning written inside the content as `<think>…</think>` (Qwen3/DeepSeek-R1 without a
     * reasoning parser): `true` moves it to `reasoning_content`; `implicit-open` also handles
     * templates that put the opening tag in the prompt so that the output starts inside the thought.
     */
    thinkTags: z.union([z.boolean(), z.literal('implicit-open')]),
    /** Rename a `reasoning` field (OpenRouter, Groq, newer Ollama) to `reasoning_content`. */
    renameReasoning: z.boolean(),
    /** Fields merged into every chat/completion body (the client's own values win). */
    extraBody: z.record(z.string(), z.unknown()),
    /** Fields merged into non-streamed chat/completion bodies only (e.g. DashScope's enable_thinking: false). */
    nonStreamExtraBody: z.record(z.string(), z.unknown()),
    chatPath: path,
    completionsPath: path,
    embeddingsPath: path,
    /** Where the upstream serves rerank (Jina/Cohere shape; SiliconFlow, vLLM, DashScope's compatible mode). */
    rerankPath: path,
    modelsPath: path,
  })
  .partial()
  .strict();

/** The quirks a preset or an operator sets: any subset. */
export type OpenAICompatibleQuirkSettings = z.infer<typeof openAICompatibleQuirksSchema>;
/** Every quirk, defaults filled in: what the adapter works with. */
export type OpenAICompatibleQuirks = Required<OpenAICompatibleQuirkSettings>;

export const defaultQuirks: Readonly<OpenAICompatibleQuirks> = Object.freeze({
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
  rerankPath: '/rerank',
  modelsPath: '/models',
});

/** The quirks set (validated at the config boundary) over the defaults. */
export function resolveQuirks(settings: OpenAICompatibleQuirkSettings = {}): OpenAICompatibleQuirks {
  const quirks: OpenAICompatibleQuirks = { ...defaultQuirks };
  for (const [key, value] of Object.entries(settings)) {
    if (value !== undefined) (quirks as Record<string, unknown>)[key] = value;
  }
  return quirks;
}
