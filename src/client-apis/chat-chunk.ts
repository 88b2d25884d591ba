/**
 * Reading the chat answers the inference core relays (OpenAI chat.completion and
 * chat.completion.chunk, as each provider passes them on), for the protocols that translate them.
 * Tolerant of the upstream variants the providers let through: `reasoning` next to
 * `reasoning_content`, usage inside the choice (Moonshot) or under `x_groq`, vLLM's `stop_reason`.
 */
import { usageFromOpenAI, type Usage } from '../providers/spec.ts';

type Json = Record<string, any>;

export interface ToolCallDelta {
  /** Position of the call in the answer's tool_calls. */
  index: number;
  id: string | undefined;
  name: string | undefined;
  arguments: string | undefined;
}

export interface ChunkReading {
  content: string;
  reasoning: string;
  toolCalls: ToolCallDelta[];
  finishReason: string | null;
  /** The stop sequence that ended the answer, when the upstream says (vLLM's `stop_reason`). */
  stopSequence: string | null;
  usage: Usage | undefined;
  /** The `error` object of an error event the relay wrote instead of a chunk. */
  error: Json | undefined;
}

/** Reads one chunk (the first choice only: the translated protocols have one answer per request). */
export function readChatChunk(chunk: Json): ChunkReading {
  const choices: Json[] = Array.isArray(chunk.choices) ? chunk.choices : [];
  const choice = choices.find((candidate) => (candidate?.index ?? 0) === 0) ?? choices[0];
  const delta: Json = choice?.delta && typeof choice.delta === 'object' ? choice.delta : {};
  const toolCalls: ToolCallDelta[] = Array.isArray(delta.tool_calls)
    ? delta.tool_calls.map((call: Json, position: number) => ({
        index: typeof call?.index === 'number' ? call.index : position,
        id: typeof call?.id === 'string' && call.id !== '' ? call.id : undefined,
        name: typeof call?.function?.name === 'string' && call.function.name !== '' ? call.function.name : undefined,
        arguments: typeof call?.function?.arguments === 'string' ? call.function.arguments : undefined,
      }))
    : [];
  return {
    content: typeof delta.content === 'string' ? delta.content : '',
    reasoning: reasoningOf(delta),
    toolCalls,
    finishReason:
      typeof choice?.finish_reason === 'string' && choice.finish_reason !== '' ? choice.finish_reason : null,
    stopSequence: typeof choice?.stop_reason === 'string' ? choice.stop_reason : null,
    usage: usageFromOpenAI(chunk.usage ?? choice?.usage ?? chunk.x_groq?.usage),
    error: chunk.error && typeof chunk.error === 'object' ? chunk.error : undefined,
  };
}

export interface ChatAnswer {
  content: string;
  reasoning: string;
  toolCalls: Array<{ id: string; name: string; arguments: string }>;
  finishReason: string;
  stopSequence: string | null;
}

/** Reads the first choice of a whole chat.completion. */
export function readChatCompletion(completion: Json): ChatAnswer {
  const choices: Json[] = Array.isArray(completion.choices) ? completion.choices : [];
  const choice = choices.find((candidate) => (candidate?.index ?? 0) === 0) ?? choices[0] ?? {};
  const message: Json = choice.message && typeof choice.message === 'object' ? choice.message : {};
  const toolCalls = Array.isArray(message.tool_calls)
    ? message.tool_calls.map((call: Json, index: number) => ({
        id: typeof call?.id === 'string' && call.id !== '' ? call.id : `call_${index}`,
        name: String(call?.function?.name ?? ''),
        arguments: typeof call?.function?.arguments === 'string' ? call.function.arguments : '',
      }))
    : [];
  return {
    content: typeof message.content === 'string' ? message.content : textOfParts(message.content),
    reasoning: reasoningOf(message),
    toolCalls,
    finishReason:
      typeof choice.finish_reason === 'string' && choice.finish_reason !== '' ? choice.finish_reason : 'stop',
    stopSequence: typeof choice.stop_reason === 'string' ? choice.stop_reason : null,
  };
}

function reasoningOf(message: Json): string {
  if (typeof message.reasoning_content === 'string') return message.reasoning_content;
  if (typeof message.reasoning === 'string') return message.reasoning;
  return '';
}

function textOfParts(content: unknown): string {
  if (!Array.isArray(content)) return '';
  return content.map((part: Json) => (typeof part?.text === 'string' ? part.text : '')).join('');
}

/**
 * Parses a tool call's argument text into an object. Models sometimes emit almost-JSON; what
 * cannot be read at all is kept under `arguments` rather than lost.
 */
export function parseToolArguments(text: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : { value: parsed };
  } catch {
    return { arguments: text };
  }
}
