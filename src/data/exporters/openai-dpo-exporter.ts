import type { Exporter } from './exporter-types.ts';
import { checkPreference, preferencePrompt } from './exporter-types.ts';

/**
 * OpenAI preference fine-tuning (DPO): {"input": {"messages": […]}, "preferred_output": [assistant],
 * "non_preferred_output": [assistant]}. The input must end with a user turn.
 */
export const openaiDpoExporter: Exporter = {
  format: 'dpo',
  convert(record) {
    const error = checkPreference(record);
    if (error) return { error };
    const messages = preferencePrompt(record);
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
