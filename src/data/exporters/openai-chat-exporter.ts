import type { Exporter } from './exporter-types.ts';
import { checkConversation } from './exporter-types.ts';

/** OpenAI chat fine-tuning JSONL: {"messages": [{role, content, weight?}]}. */
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
        })),
      },
    };
  },
};
