import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The format rules trainers apply, written out for round-trip checks:
 * - OpenAI chat fine-tuning: {"messages": [...]}, roles system|user|assistant|tool, string content,
 *   at least one assistant message, weight only 0/1 on assistant messages.
 * - OpenAI preference (DPO) fine-tuning: input.messages ending with a user turn, exactly one
 *   assistant message in preferred_output and non_preferred_output, different contents.
 * - LLaMA-Factory alpaca: instruction/input/output strings, optional system and history
 *   [[user, assistant], …]; dataset_info.json maps columns prompt/query/response.
 * - LLaMA-Factory sharegpt: conversations alternating human (even) / gpt (odd) turns, ending with gpt;
 *   dataset_info.json declares formatting "sharegpt" and the role tags.
 */
export function readJsonl(directory: string, file = 'train.jsonl'): Array<Record<string, any>> {
  const text = readFileSync(path.join(directory, file), 'utf8').trim();
  return text.length === 0 ? [] : text.split('\n').map((line) => JSON.parse(line));
}

export function openAiChatErrors(line: Record<string, any>): string[] {
  const errors: string[] = [];
  if (Object.keys(line).some((key) => key !== 'messages' && key !== 'tools' && key !== 'parallel_tool_calls'))
    errors.push('unexpected top-level key');
  if (!Array.isArray(line.messages) || line.messages.length === 0) return [...errors, 'messages missing'];
  for (const message of line.messages) {
    if (!['system', 'user', 'assistant', 'tool'].includes(message.role)) errors.push(`bad role ${message.role}`);
    if (typeof message.content !== 'string' || message.content.length === 0) errors.push('bad content');
    if (message.weight !== undefined && (message.role !== 'assistant' || ![0, 1].includes(message.weight)))
      errors.push('bad weight');
  }
  if (!line.messages.some((message: any) => message.role === 'assistant')) errors.push('no assistant');
  return errors;
}

export function openAiDpoErrors(line: Record<string, any>): string[] {
  const errors: string[] = [];
  const messages = line.input?.messages;
  if (!Array.isArray(messages) || messages.length === 0 || messages.at(-1).role !== 'user')
    errors.push('input must end with a user message');
  for (const key of ['preferred_output', 'non_preferred_output']) {
    const output = line[key];
    if (
      !Array.isArray(output) ||
      output.length !== 1 ||
      output[0].role !== 'assistant' ||
      typeof output[0].content !== 'string' ||
      output[0].content.length === 0
    )
      errors.push(`bad ${key}`);
  }
  if (line.preferred_output?.[0]?.content === line.non_preferred_output?.[0]?.content) errors.push('identical outputs');
  return errors;
}

export function alpacaErrors(line: Record<string, any>): string[] {
  const errors: string[] = [];
  for (const key of ['instruction', 'input', 'output'])
    if (typeof line[key] !== 'string') errors.push(`${key} not a string`);
  if (line.instruction === '' || line.output === '') errors.push('empty instruction or output');
  if (
    line.history !== undefined &&
    !(Array.isArray(line.history) && line.history.every((turn: unknown) => Array.isArray(turn) && turn.length === 2))
  )
    errors.push('bad history');
  return errors;
}

export function shareGptErrors(line: Record<string, any>): string[] {
  const turns = line.conversations;
  if (!Array.isArray(turns) || turns.length < 2 || turns.length % 2 !== 0)
    return ['conversations must hold human/gpt pairs'];
  const errors: string[] = [];
  turns.forEach((turn: any, index: number) => {
    const expected = index % 2 === 0 ? ['human', 'observation'] : ['gpt', 'function_call'];
    if (!expected.includes(turn.from)) errors.push(`turn ${index}: ${turn.from}`);
    if (typeof turn.value !== 'string' || turn.value.length === 0) errors.push(`turn ${index}: empty`);
  });
  return errors;
}

export function readDatasetInfo(directory: string): Record<string, any> {
  return JSON.parse(readFileSync(path.join(directory, 'dataset_info.json'), 'utf8'));
}

/** LLaMA-Factory preference data (sharegpt, ranking): conversations end with a human turn; chosen/rejected are gpt turns. */
export function llamaFactoryPreferenceErrors(line: Record<string, any>): string[] {
  const turns = line.conversations;
  if (!Array.isArray(turns) || turns.length % 2 !== 1) return ['conversations must end with a human turn'];
  const errors: string[] = [];
  turns.forEach((turn: any, index: number) => {
    if (turn.from !== (index % 2 === 0 ? 'human' : 'gpt')) errors.push(`turn ${index}: ${turn.from}`);
  });
  for (const key of ['chosen', 'rejected'])
    if (line[key]?.from !== 'gpt' || typeof line[key]?.value !== 'string' || line[key].value === '')
      errors.push(`bad ${key}`);
  return errors;
}
