import type { Exporter } from './exporter-types.ts';
import { checkConversation } from './exporter-types.ts';

const fromOf = { user: 'human', assistant: 'gpt', tool: 'observation' } as const;

/**
 * ShareGPT as LLaMA-Factory reads it: {"conversations": [{from: human|gpt|observation, value}], "system"}.
 * LLaMA-Factory requires human/observation turns at even positions and gpt turns at odd ones.
 */
export const sharegptExporter: Exporter = {
  format: 'sharegpt',
  convert(record) {
    const error = checkConversation(record.messages);
    if (error) return { error };
    const messages = record.messages!;
    const system = messages[0]!.role === 'system' ? messages[0]!.content : undefined;
    const turns = messages.slice(system === undefined ? 0 : 1);
    if (turns.some((message) => message.role === 'system')) return { error: 'a system message after the first turn' };
    for (const [index, message] of turns.entries()) {
      const expectsHuman = index % 2 === 0;
      const isHuman = message.role === 'user' || message.role === 'tool';
      if (expectsHuman !== isHuman)
        return { error: `turn ${index}: roles must alternate user/assistant, starting with the user` };
    }
    return {
      line: {
        conversations: turns.map((message) => ({
          from: fromOf[message.role as keyof typeof fromOf],
          value: message.content,
        })),
        ...(system !== undefined ? { system } : {}),
      },
    };
  },
};
