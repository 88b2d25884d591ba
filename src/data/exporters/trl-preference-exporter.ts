import type { Exporter } from './exporter-types.ts';
import { checkPreference, preferencePrompt } from './exporter-types.ts';

/**
 * TRL's conversational preference format with an explicit prompt, as DPOTrainer, ORPOTrainer and
 * RewardTrainer read it: {"prompt": [messages ending with a user turn], "chosen": [assistant],
 * "rejected": [assistant]}. TRL applies the chat template to prompt + chosen and prompt + rejected.
 */
export const trlPreferenceExporter: Exporter = {
  format: 'trl-preference',
  convert(record) {
    const error = checkPreference(record);
    if (error) return { error };
    const prompt = preferencePrompt(record);
    if (prompt.length === 0) return { error: 'no prompt messages' };
    if (prompt.at(-1)!.role !== 'user') return { error: 'the prompt must end with a user message' };
    if (prompt.some((message) => message.role === 'tool' || message.content.trim().length === 0))
      return { error: 'a prompt message has empty content or is a tool result' };
    return {
      line: {
        prompt: prompt.map((message) => ({ role: message.role, content: message.content })),
        chosen: [{ role: 'assistant', content: record.chosen }],
        rejected: [{ role: 'assistant', content: record.rejected }],
      },
    };
  },
};
