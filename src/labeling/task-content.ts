import type { ChatMessage, DataRecord } from '../data/data-record.ts';
import { recordText } from '../data/data-record.ts';
import type { QaPair } from './label-schema.ts';

/**
 * What a task shows, derived from its dataset record: the text to classify or tag, the prompt
 * (instruction) of chat records, the two responses of a preference item, an existing answer.
 */

/** The text labels refer to (span offsets index into it). */
export function taskText(record: DataRecord): string {
  return record.text ?? recordText(record);
}

/** The prompt messages: the conversation without a trailing assistant turn, or the text as one user turn. */
export function promptMessages(record: DataRecord): ChatMessage[] {
  if (record.messages && record.messages.length > 0) {
    const messages = record.messages.at(-1)!.role === 'assistant' ? record.messages.slice(0, -1) : record.messages;
    if (messages.length > 0) return messages.map((message) => ({ role: message.role, content: message.content }));
  }
  const text = record.text ?? stringMeta(record, 'instruction') ?? stringMeta(record, 'question') ?? '';
  return [{ role: 'user', content: text }];
}

/** The answer already in the record (the last assistant turn), to edit. */
export function existingAnswer(record: DataRecord): string | null {
  const last = record.messages?.at(-1);
  if (last?.role === 'assistant') return last.content;
  return stringMeta(record, 'answer') ?? stringMeta(record, 'output') ?? null;
}

/** Response A and B of a preference item: meta.responses[0..1], meta.response_a/b, or chosen/rejected. */
export function candidateResponses(record: DataRecord): [string, string] | null {
  const responses = record.meta?.responses;
  if (
    Array.isArray(responses) &&
    responses.length >= 2 &&
    typeof responses[0] === 'string' &&
    typeof responses[1] === 'string'
  ) {
    return [responses[0], responses[1]];
  }
  const a = stringMeta(record, 'response_a');
  const b = stringMeta(record, 'response_b');
  if (a !== null && b !== null) return [a, b];
  if (record.chosen !== undefined && record.rejected !== undefined) return [record.chosen, record.rejected];
  return null;
}

/** Question–answer pairs already in the record (a QA record, or a chat with one exchange). */
export function existingPairs(record: DataRecord): QaPair[] {
  const question = stringMeta(record, 'question');
  const answer = stringMeta(record, 'answer');
  if (question !== null && answer !== null) return [{ question, answer, keep: true }];
  const messages = record.messages ?? [];
  const pairs: QaPair[] = [];
  for (let index = 0; index + 1 < messages.length; index++) {
    if (messages[index]!.role === 'user' && messages[index + 1]!.role === 'assistant') {
      pairs.push({ question: messages[index]!.content, answer: messages[index + 1]!.content, keep: true });
    }
  }
  return pairs;
}

function stringMeta(record: DataRecord, key: string): string | null {
  const value = record.meta?.[key];
  return typeof value === 'string' ? value : null;
}
