import type { Exporter } from './exporter-types.ts';
import { checkConversation } from './exporter-types.ts';

/**
 * OpenAI chat fine-tuning JSONL: {"messages": [{role, content, weight?, tool_calls?, tool_call_id?}],
 * "tools"?}. TRL's SFTTrainer reads the same lines (its conversational format with tools).
 */
export const openaiChatExporter: Exporter = {
  format: 'openai',
  convert(record) {
    const error = checkConversation(record.messages);
    if (error) return { error };
    return {
      line: {
        messages: record.messages!.map((message) => ({
          role: message.role,
          content: message.content,
          ...(message.name ? { name: message.name } : {}),
          ...(message.weight !== undefined ? { weight: message.weight } : {}),
          ...(message.tool_calls?.length ? { tool_calls: message.tool_calls } : {}),
          ...(message.tool_call_id !== undefined ? { tool_call_id: message.tool_call_id } : {}),
        })),
        ...(record.tools?.length ? { tools: record.tools } : {}),
      },
    };
  },
};
