import type { ChatMessage, DataRecord } from '../data-record.ts';
import type { ExportFormat } from '../../api-contract/formats.ts';

export { exportFormats, type ExportFormat } from '../../api-contract/formats.ts';

/** A trainer-ready line, or why the trainer would reject the record. */
export type ExportOutcome = { line: Record<string, unknown> } | { error: string };

export interface Exporter {
  format: ExportFormat;
  convert(record: DataRecord): ExportOutcome;
  /**
   * Keys a line may lack, with the value a line without it gets once another line of the same file
   * has it: a JSON loader (Hugging Face `datasets`, pyarrow) wants one set of columns per file.
   */
  optionalColumns?: Record<string, unknown>;
  /**
   * LLaMA-Factory's dataset_info.json entry of one split file, listing only the columns its lines
   * have (the loader reads every listed column and fails with KeyError on a missing one).
   */
  datasetInfo?(file: string, present: ReadonlySet<string>): Record<string, unknown>;
}

/** Checks shared by the chat formats: known roles, non-empty content, ends with an assistant turn. */
export function checkConversation(messages: ChatMessage[] | undefined): string | null {
  if (!messages || messages.length === 0)
    return 'no messages (a text-only record cannot be a chat example; import with --messages-field or a prompt/response mapping)';
  for (const [index, message] of messages.entries()) {
    if (!['system', 'user', 'assistant', 'tool'].includes(message.role))
      return `message ${index}: unknown role '${message.role}'`;
    const callsTools = message.role === 'assistant' && (message.tool_calls?.length ?? 0) > 0;
    if (typeof message.content !== 'string' || (message.content.trim().length === 0 && !callsTools))
      return `message ${index} (${message.role}): empty content`;
    if (message.tool_calls !== undefined && message.role !== 'assistant')
      return `message ${index}: tool_calls are only allowed on assistant messages`;
    if (message.weight !== undefined && message.weight !== 0 && message.weight !== 1)
      return `message ${index}: weight must be 0 or 1`;
    if (message.weight !== undefined && message.role !== 'assistant')
      return `message ${index}: weight is only allowed on assistant messages`;
  }
  if (!messages.some((message) => message.role === 'assistant')) return 'no assistant message';
  const last = messages.at(-1)!;
  if (last.role !== 'assistant') return 'the last message must be from the assistant';
  if ((last.tool_calls?.length ?? 0) > 0) return 'the last message must answer, not call a tool';
  return null;
}

/** The preference pair of a record, or why it has none. */
export function checkPreference(record: DataRecord): string | null {
  if (record.chosen === undefined || record.rejected === undefined)
    return 'no chosen/rejected pair (import with --chosen-field and --rejected-field)';
  if (record.chosen.trim().length === 0 || record.rejected.trim().length === 0)
    return 'empty chosen or rejected answer';
  if (record.meta?.tie === true)
    return 'a tie: both answers were judged equally good, and preference training needs one better answer';
  if (record.chosen === record.rejected) return 'chosen and rejected answers are identical';
  return null;
}

/** The prompt of a preference record: its messages (or text as one user turn) without a trailing answer. */
export function preferencePrompt(record: DataRecord): ChatMessage[] {
  const messages =
    record.messages ?? (record.text !== undefined ? [{ role: 'user' as const, content: record.text }] : []);
  return messages.at(-1)?.role === 'assistant' ? messages.slice(0, -1) : messages;
}
