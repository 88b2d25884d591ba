import type { ChatMessage } from '../data-record.ts';
import type { Exporter } from './exporter-types.ts';
import { checkConversation } from './exporter-types.ts';

/** LLaMA-Factory's ShareGPT tags (its defaults, written out in dataset_info.json). */
export const sharegptTags = {
  role_tag: 'from',
  content_tag: 'value',
  user_tag: 'human',
  assistant_tag: 'gpt',
  observation_tag: 'observation',
  function_tag: 'function_call',
};

export interface SharegptTurn {
  from: 'human' | 'gpt' | 'observation' | 'function_call';
  value: string;
}

/**
 * Messages → ShareGPT turns: an assistant message with tool calls becomes a `function_call` turn
 * (its calls as JSON `{name, arguments}`, a list when several), consecutive tool results one
 * `observation` turn. Returns an error when LLaMA-Factory's alternation rule would drop the
 * example: human/observation turns at even positions, gpt/function_call turns at odd ones.
 */
export function sharegptTurns(messages: ChatMessage[]): SharegptTurn[] | { error: string } {
  const turns: SharegptTurn[] = [];
  for (let index = 0; index < messages.length; index++) {
    const message = messages[index]!;
    if (message.role === 'system') return { error: 'a system message after the first turn' };
    if (message.role === 'tool') {
      const results = [message.content];
      while (messages[index + 1]?.role === 'tool') results.push(messages[++index]!.content);
      turns.push({ from: 'observation', value: results.length === 1 ? results[0]! : JSON.stringify(results) });
    } else if (message.role === 'assistant' && message.tool_calls?.length) {
      const calls = message.tool_calls.map((call) => ({
        name: call.function.name,
        arguments: parseArguments(call.function.arguments),
      }));
      turns.push({ from: 'function_call', value: JSON.stringify(calls.length === 1 ? calls[0] : calls) });
    } else {
      turns.push({ from: message.role === 'user' ? 'human' : 'gpt', value: message.content });
    }
  }
  for (const [index, turn] of turns.entries()) {
    const expectsHuman = index % 2 === 0;
    const isHuman = turn.from === 'human' || turn.from === 'observation';
    if (expectsHuman !== isHuman)
      return { error: `turn ${index}: roles must alternate user/assistant, starting with the user` };
  }
  return turns;
}

function parseArguments(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * ShareGPT as LLaMA-Factory reads it: {"conversations": [{from, value}], "system"?, "tools"?}.
 * dataset_info.json lists `system` and `tools` only when lines have them.
 */
export const sharegptExporter: Exporter = {
  format: 'sharegpt',
  convert(record) {
    const error = checkConversation(record.messages);
    if (error) return { error };
    const messages = record.messages!;
    const system = messages[0]!.role === 'system' ? messages[0]!.content : undefined;
    const turns = sharegptTurns(messages.slice(system === undefined ? 0 : 1));
    if ('error' in turns) return turns;
    return {
      line: {
        conversations: turns,
        ...(system !== undefined ? { system } : {}),
        ...(record.tools?.length ? { tools: JSON.stringify(record.tools) } : {}),
      },
    };
  },
  optionalColumns: { system: '', tools: '' },
  datasetInfo: (file, present) => ({
    file_name: file,
    formatting: 'sharegpt',
    columns: {
      messages: 'conversations',
      ...(present.has('system') ? { system: 'system' } : {}),
      ...(present.has('tools') ? { tools: 'tools' } : {}),
    },
    tags: sharegptTags,
  }),
};
