import type { Exporter } from './exporter-types.ts';

/**
 * OpenAI preference fine-tuning (DPO): {"input": {"messages": […]}, "preferred_output": [assistant],
 * "non_preferred_output": [assistant]}. The input must end with a user turn.
 */
export const openaiDpoExporter: Exporter = {
  format: 'dpo',
  convert(record) {
    if (record.chosen === undefined || record.rejected === undefined)
      return { error: 'no chosen/rejected pair (import with --chosen-field and --rejected-field)' };
    if (record.chosen.trim().length === 0 || record.rejected.trim().length === 0)
      return { error: 'empty chosen or rejected answer' };
    if (record.chosen === record.rejected) return { error: 'chosen and rejected answers are identical' };
    let messages =
      record.messages ?? (record.text !== undefined ? [{ role: 'user' as const, content: record.text }] : []);
    if (messages.at(-1)?.role === 'assistant') messages = messages.slice(0, -1);
    if (messages.length === 0) return { error: 'no prompt messages' };
    if (messages.at(-1)!.role !== 'user') return { error: 'the prompt must end with a user message' };
    if (messages.some((message) => message.content.trim().length === 0))
      return { error: 'a prompt message has empty content' };
    return {
      line: {
        input: { messages: messages.map((message) => ({ role: message.role, content: message.content })) },
        preferred_output: [{ role: 'assistant', content: record.chosen }],
        non_preferred_output: [{ role: 'assistant', content: record.rejected }],
      },
    };
  },
};
