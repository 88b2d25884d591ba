import type { Exporter } from './exporter-types.ts';
import { checkPreference } from './exporter-types.ts';
import { sharegptTags, sharegptTurns } from './sharegpt-exporter.ts';

/**
 * LLaMA-Factory's preference (DPO/ORPO/KTO-pair) data in ShareGPT form: `conversations` ending with
 * a human turn, then `chosen` and `rejected` gpt turns; dataset_info.json marks it `ranking: true`
 * and lists `system` only when lines have it.
 */
export const llamaFactoryPreferenceExporter: Exporter = {
  format: 'llamafactory-dpo',
  convert(record) {
    const error = checkPreference(record);
    if (error) return { error };
    let messages =
      record.messages ?? (record.text !== undefined ? [{ role: 'user' as const, content: record.text }] : []);
    if (messages.at(-1)?.role === 'assistant' && messages.length > 1) messages = messages.slice(0, -1);
    const system = messages[0]?.role === 'system' ? messages[0].content : undefined;
    const prompt = messages.slice(system === undefined ? 0 : 1);
    if (prompt.some((message) => message.content.trim() === '' && !message.tool_calls?.length))
      return { error: 'a prompt message has empty content' };
    const turns = sharegptTurns(prompt);
    if ('error' in turns) return turns;
    if (turns.length === 0 || turns.length % 2 === 0)
      return { error: 'the prompt must alternate user/assistant and end with a user turn' };
    return {
      line: {
        conversations: turns,
        chosen: { from: 'gpt', value: record.chosen },
        rejected: { from: 'gpt', value: record.rejected },
        ...(system !== undefined ? { system } : {}),
      },
    };
  },
  optionalColumns: { system: '' },
  datasetInfo: (file, present) => ({
    file_name: file,
    formatting: 'sharegpt',
    ranking: true,
    columns: {
      messages: 'conversations',
      chosen: 'chosen',
      rejected: 'rejected',
      ...(present.has('system') ? { system: 'system' } : {}),
    },
    tags: sharegptTags,
  }),
};
