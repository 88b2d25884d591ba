import { z } from 'zod';
import { chatRoles, type ChatMessage, type ChatRole, type DataRecord } from '../data-record.ts';

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

export type MappingOutcome = { record: DataRecord } | { error: string };

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
    if (typeof messages === 'string') return { error: `field '${messagesField}': ${messages}` };
    record.messages = messages;
  } else if (mapping.prompt || alpaca) {
    const prompt = alpaca
      ? [take('instruction'), take('input')].filter((part) => typeof part === 'string' && part.length > 0).join('\n\n')
      : take(mapping.prompt);
    const response = take(mapping.response ?? 'output');
    if (typeof prompt !== 'string')
      return { error: `field '${mapping.prompt ?? 'instruction'}' is missing or not text` };
    record.messages = [{ role: 'user', content: prompt }];
    if (typeof response === 'string') record.messages.push({ role: 'assistant', content: response });
  } else {
    const textField = mapping.text ?? textCandidates.find((name) => typeof raw[name] === 'string');
    if (!textField)
      return {
        error: `no text field found (fields: ${Object.keys(raw).slice(0, 8).join(', ')}); set the text or messages field mapping`,
      };
    const text = take(textField);
    if (typeof text !== 'string') return { error: `field '${textField}' is missing or not text` };
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
