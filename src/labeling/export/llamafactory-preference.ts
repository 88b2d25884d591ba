import type { DataRecord } from '../../data/data-record.ts';

/**
 * LLaMA-Factory's preference (DPO/ORPO/KTO-pair) data in ShareGPT form: `conversations` ending with
 * a human turn, then `chosen` and `rejected` gpt turns; dataset_info.json marks it `ranking: true`.
 * Returns the line, or why LLaMA-Factory would refuse the record.
 */
export function llamaFactoryPreferenceLine(record: DataRecord): { line: Record<string, unknown> } | { error: string } {
  if (record.chosen === undefined || record.rejected === undefined) return { error: 'no chosen/rejected pair' };
  if (record.chosen.trim() === '' || record.rejected.trim() === '') return { error: 'empty chosen or rejected answer' };
  if (record.chosen === record.rejected) return { error: 'chosen and rejected answers are identical' };
  const messages = record.messages ?? [];
  const system = messages[0]?.role === 'system' ? messages[0].content : undefined;
  const turns = messages.slice(system === undefined ? 0 : 1);
  if (turns.length === 0 || turns.length % 2 === 0)
    return { error: 'the prompt must alternate user/assistant and end with a user turn' };
  for (const [index, message] of turns.entries()) {
    if ((index % 2 === 0) !== (message.role === 'user'))
      return { error: `turn ${index}: roles must alternate user/assistant, starting with the user` };
    if (message.content.trim() === '') return { error: `turn ${index}: empty content` };
  }
  return {
    line: {
      conversations: turns.map((message) => ({
        from: message.role === 'user' ? 'human' : 'gpt',
        value: message.content,
      })),
      chosen: { from: 'gpt', value: record.chosen },
      rejected: { from: 'gpt', value: record.rejected },
      ...(system !== undefined ? { system } : {}),
    },
  };
}

export const llamaFactoryPreferenceInfo = {
  kaiyuan_train: {
    file_name: 'train.jsonl',
    formatting: 'sharegpt',
    ranking: true,
    columns: { messages: 'conversations', chosen: 'chosen', rejected: 'rejected', system: 'system' },
    tags: { role_tag: 'from', content_tag: 'value', user_tag: 'human', assistant_tag: 'gpt' },
  },
};
