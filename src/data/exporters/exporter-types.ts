import type { ChatMessage, DataRecord } from '../data-record.ts';
import type { ExportFormat } from '../../api-contract/formats.ts';

export { exportFormats, type ExportFormat } from '../../api-contract/formats.ts';

/** A trainer-ready line, or why the trainer would reject the record. */
export type ExportOutcome = { line: Record<string, unknown> } | { error: string };

export interface Exporter {
  format: ExportFormat;
  convert(record: DataRecord): ExportOutcome;
}

/** Checks shared by the chat formats: known roles, non-empty content, ends with an assistant turn. */
export function checkConversation(messages: ChatMessage[] | undefined): string | null {
  if (!messages || messages.length === 0)
    return 'no messages (a text-only record cannot be a chat example; import with --messages-field or a prompt/response mapping)';
  for (const [index, message] of messages.entries()) {
    if (!['system', 'user', 'assistant', 'tool'].includes(message.role))
      return `message ${index}: unknown role '${message.role}'`;
    if (typeof message.content !== 'string' || message.content.trim().length === 0)
      return `message ${index} (${message.role}): empty content`;
    if (message.weight !== undefined && message.weight !== 0 && message.weight !== 1)
      return `message ${index}: weight must be 0 or 1`;
    if (message.weight !== undefined && message.role !== 'assistant')
      return `message ${index}: weight is only allowed on assistant messages`;
  }
  if (!messages.some((message) => message.role === 'assistant')) return 'no assistant message';
  if (messages.at(-1)!.role !== 'assistant') return 'the last message must be from the assistant';
  return null;
}
