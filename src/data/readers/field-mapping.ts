import { z } from 'zod';
import { chatRoles, type ChatMessage, type ChatRole, type DataRecord } from '../data-record.ts';
import type { ToolCall } from '../../api-contract/datasets.ts';

/** Which fields of a raw item hold the text or the conversation; unset fields are auto-detected. */
export const fieldMappingSchema = z
  .object({
    text: z.string().min(1).optional(),
    messages: z.string().min(1).optional(),
    id: z.string().min(1).optional(),
    /** A single-turn pair: prompt → user message, response → assistant message. */
    prompt: z.string().min(1).optional(),
    response: z.string().min(1).optional(),
    system: z.string().min(1).optional(),
    chosen: z.string().min(1).optional(),
    rejected: z.string().min(1).optional(),
  })
  .strict();
export type FieldMapping = z.infer<typeof fieldMappingSchema>;

/** Why a raw item was not imported (stable codes; the import report counts them). */
export const mappingErrorCodes = [
  'no_text_field',
  'text_not_string',
  'empty_text',
  'invalid_messages',
  'empty_messages',
  'prompt_not_string',
] as const;
export type MappingErrorCode = (typeof mappingErrorCodes)[number];

export type MappingOutcome = { record: DataRecord } | { error: string; code: MappingErrorCode };

const textCandidates = ['text', 'content', 'body', 'document', 'passage'];
const messagesCandidates = ['messages', 'conversations', 'conversation', 'dialog'];
const shareGptRoles: Record<string, ChatRole> = {
  human: 'user',
  user: 'user',
  gpt: 'assistant',
  assistant: 'assistant',
  system: 'system',
  function_call: 'assistant',
  observation: 'tool',
  tool: 'tool',
};

/** Turns a raw item into a record: the mapped (or detected) text/messages, everything else into meta. */
export function mapRawItem(
  raw: Record<string, unknown>,
  mapping: FieldMapping,
  ordinal: number,
  idPrefix: string,
): MappingOutcome {
  const used = new Set<string>();
  const take = (field: string | undefined): unknown => {
    if (!field) return undefined;
    used.add(field);
    return raw[field];
  };
  const idValue = take(mapping.id ?? (raw.id !== undefined ? 'id' : undefined));
  const record: DataRecord = {
    id: idValue === undefined || idValue === null || idValue === '' ? `${idPrefix}${ordinal}` : String(idValue),
  };

  const messagesField =
    mapping.messages ??
    (mapping.text || mapping.prompt ? undefined : messagesCandidates.find((name) => Array.isArray(raw[name])));
  const alpaca =
    !mapping.text &&
    !messagesField &&
    !mapping.prompt &&
    typeof raw.instruction === 'string' &&
    typeof raw.output === 'string';
  if (messagesField) {
    const messages = toMessages(take(messagesField));
    if (typeof messages === 'string')
      return { error: `field '${messagesField}': ${messages}`, code: 'invalid_messages' };
    if (messages.length === 0) return { error: `field '${messagesField}' has no messages`, code: 'empty_messages' };
    record.messages = messages;
    const tools = toolsOf(take(raw.tools !== undefined ? 'tools' : undefined));
    if (tools) record.tools = tools;
  } else if (mapping.prompt || alpaca) {
    const prompt = alpaca
      ? [take('instruction'), take('input')].filter((part) => typeof part === 'string' && part.length > 0).join('\n\n')
      : take(mapping.prompt);
    const response = take(mapping.response ?? 'output');
    if (typeof prompt !== 'string')
      return { error: `field '${mapping.prompt ?? 'instruction'}' is missing or not text`, code: 'prompt_not_string' };
    record.messages = [{ role: 'user', content: prompt }];
    if (typeof response === 'string') record.messages.push({ role: 'assistant', content: response });
  } else {
    const textField =
      mapping.text ??
      textCandidates.find((name) => typeof raw[name] === 'string') ??
      textCandidates.find((name) => raw[name] !== undefined);
    if (!textField)
      return {
        error: `no text field found (fields: ${Object.keys(raw).slice(0, 8).join(', ')}); set the text or messages field mapping`,
        code: 'no_text_field',
      };
    const text = take(textField);
    if (text === undefined)
      return {
        error: `field '${textField}' is missing (fields: ${Object.keys(raw).slice(0, 8).join(', ')})`,
        code: 'no_text_field',
      };
    if (typeof text !== 'string')
      return {
        error: `field '${textField}' is ${text === null ? 'null' : `a ${Array.isArray(text) ? 'list' : typeof text}`}, not text`,
        code: 'text_not_string',
      };
    if (text.trim().length === 0) return { error: `field '${textField}' is empty`, code: 'empty_text' };
    record.text = text;
  }
  const system = take(mapping.system ?? (typeof raw.system === 'string' ? 'system' : undefined));
  if (typeof system === 'string' && system.length > 0 && record.messages && record.messages[0]?.role !== 'system') {
    record.messages.unshift({ role: 'system', content: system });
  }
  const chosen = take(mapping.chosen ?? (raw.chosen !== undefined ? 'chosen' : undefined));
  const rejected = take(mapping.rejected ?? (raw.rejected !== undefined ? 'rejected' : undefined));
  if (chosen !== undefined) record.chosen = answerText(chosen);
  if (rejected !== undefined) record.rejected = answerText(rejected);

  const meta: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) if (!used.has(key)) meta[key] = value;
  if (Object.keys(meta).length > 0) record.meta = meta;
  return { record };
}

function toMessages(value: unknown): ChatMessage[] | string {
  if (!Array.isArray(value)) return 'expected a list of messages';
  const messages: ChatMessage[] = [];
  for (const [index, item] of value.entries()) {
    if (!item || typeof item !== 'object') return `message ${index} is not an object`;
    const entry = item as Record<string, unknown>;
    const roleName = String(entry.role ?? entry.from ?? '').toLowerCase();
    const role = (chatRoles as readonly string[]).includes(roleName) ? (roleName as ChatRole) : shareGptRoles[roleName];
    if (!role) return `message ${index} has an unknown role '${roleName}'`;
    const message: ChatMessage = { role, content: contentText(entry.content ?? entry.value) };
    if (typeof entry.name === 'string') message.name = entry.name;
    if (entry.weight === 0 || entry.weight === 1) message.weight = entry.weight;
    const calls =
      roleName === 'function_call' ? shareGptFunctionCalls(entry.value, index) : toolCalls(entry.tool_calls, index);
    if (typeof calls === 'string') return calls;
    if (calls) {
      message.tool_calls = calls;
      if (roleName === 'function_call') message.content = '';
    }
    if (typeof entry.tool_call_id === 'string') message.tool_call_id = entry.tool_call_id;
    messages.push(message);
  }
  return messages;
}

/** Content as text: a string, or the text parts of a content array. */
function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((part) =>
        typeof part === 'string'
          ? part
          : part && typeof part === 'object' && typeof (part as { text?: unknown }).text === 'string'
            ? (part as { text: string }).text
            : '',
      )
      .join('');
  }
  return content === null || content === undefined ? '' : String(content);
}

/** A preference answer: text, or the assistant message(s) of a list. */
function answerText(value: unknown): string {
  if (Array.isArray(value)) {
    const messages = toMessages(value);
    if (typeof messages !== 'string')
      return messages
        .filter((message) => message.role === 'assistant')
        .map((message) => message.content)
        .join('\n');
  }
  if (value && typeof value === 'object') return contentText((value as { content?: unknown }).content);
  return contentText(value);
}

/** OpenAI `tool_calls` of a message (arguments kept as the JSON text OpenAI sends). */
function toolCalls(value: unknown, index: number): ToolCall[] | string | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) return `message ${index}: tool_calls is not a list`;
  const calls: ToolCall[] = [];
  for (const [position, item] of value.entries()) {
    const call = item as { id?: unknown; function?: { name?: unknown; arguments?: unknown } } | null;
    if (!call || typeof call.function?.name !== 'string')
      return `message ${index}: tool call ${position} has no function name`;
    const argumentsValue = call.function.arguments;
    calls.push({
      id: typeof call.id === 'string' ? call.id : `call_${index}_${position}`,
      type: 'function',
      function: {
        name: call.function.name,
        arguments: typeof argumentsValue === 'string' ? argumentsValue : JSON.stringify(argumentsValue ?? {}),
      },
    });
  }
  return calls.length > 0 ? calls : undefined;
}

/** A ShareGPT `function_call` turn: JSON `{name, arguments}` or a list of them. */
function shareGptFunctionCalls(value: unknown, index: number): ToolCall[] | string {
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      return `message ${index}: function_call value is not JSON`;
    }
  }
  const list = Array.isArray(parsed) ? parsed : [parsed];
  const calls = toolCalls(
    list.map((call) => ({ function: call })),
    index,
  );
  return calls ?? `message ${index}: function_call has no calls`;
}

/** A record's tools: a list of function schemas, or the JSON text of one (ShareGPT's `tools` column). */
function toolsOf(value: unknown): Array<Record<string, unknown>> | undefined {
  let parsed = value;
  if (typeof value === 'string' && value.trim().length > 0) {
    try {
      parsed = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  if (!Array.isArray(parsed)) return undefined;
  const tools = parsed.filter((tool): tool is Record<string, unknown> => !!tool && typeof tool === 'object');
  return tools.length > 0 ? tools : undefined;
}
