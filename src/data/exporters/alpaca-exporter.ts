import type { Exporter } from './exporter-types.ts';
import { sharegptExporter } from './sharegpt-exporter.ts';

/** Alpaca (LLaMA-Factory): {instruction, input, output, system?, history?: [[user, assistant], …]}. */
export const alpacaExporter: Exporter = {
  format: 'alpaca',
  convert(record) {
    // Same turn rules as ShareGPT; reuse its checks.
    const checked = sharegptExporter.convert(record);
    if ('error' in checked) return checked;
    const turns = checked.line.conversations as Array<{ from: string; value: string }>;
    if (turns.some((turn) => turn.from === 'observation' || turn.from === 'function_call'))
      return { error: 'tool calls cannot be expressed in Alpaca format (export as sharegpt or openai)' };
    const history: Array<[string, string]> = [];
    for (let index = 0; index + 2 < turns.length; index += 2)
      history.push([turns[index]!.value, turns[index + 1]!.value]);
    return {
      line: {
        instruction: turns.at(-2)!.value,
        input: '',
        output: turns.at(-1)!.value,
        ...(checked.line.system !== undefined ? { system: checked.line.system } : {}),
        ...(history.length > 0 ? { history } : {}),
      },
    };
  },
  optionalColumns: { system: '', history: [] },
  datasetInfo: (file, present) => ({
    file_name: file,
    columns: {
      prompt: 'instruction',
      query: 'input',
      response: 'output',
      ...(present.has('system') ? { system: 'system' } : {}),
      ...(present.has('history') ? { history: 'history' } : {}),
    },
  }),
};
