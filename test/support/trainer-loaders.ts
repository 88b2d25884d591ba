import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The column rules of the loaders users train with, reimplemented so tests can load our exports
 * the way those loaders do (read from their sources: LLaMA-Factory `src/llamafactory/data/parser.py`
 * and `converter.py`, Hugging Face `datasets`' JSON builder, TRL's dataset formats).
 */

/** Hugging Face `datasets` (JSON builder): one set of columns per file; a block with other columns fails to cast. */
export function loadJsonDataset(file: string): { columns: Set<string>; rows: Array<Record<string, any>> } {
  const text = readFileSync(file, 'utf8');
  const rows = text
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as Record<string, any>);
  const columns = new Set(rows.flatMap((row) => Object.keys(row)));
  for (const [index, row] of rows.entries()) {
    const keys = Object.keys(row);
    if (keys.length !== columns.size)
      throw new Error(
        `datasets: row ${index} has columns ${keys.join(', ')}, the file has ${[...columns].join(', ')} (cast error)`,
      );
  }
  return { columns, rows };
}

export interface LlamaFactoryExample {
  prompt: Array<{ role: string; content: string }>;
  response: Array<{ role: string; content: string }>;
  system: string;
  tools: string;
}

const columnNames = ['prompt', 'query', 'response', 'history', 'messages', 'system', 'tools', 'chosen', 'rejected'];
const tagDefaults: Record<string, string | null> = {
  role_tag: 'from',
  content_tag: 'value',
  user_tag: 'human',
  assistant_tag: 'gpt',
  observation_tag: 'observation',
  function_tag: 'function_call',
  system_tag: null,
};

/**
 * LLaMA-Factory's loader: dataset_info.json entry → rows → aligned examples. A listed column that
 * the file lacks raises KeyError (as `example[column]` does); a broken example is dropped with a
 * warning (returned in `dropped`), as the converter does.
 */
export function loadLlamaFactory(
  directory: string,
  name: string,
): { examples: LlamaFactoryExample[]; dropped: number; ranking: boolean } {
  const info = JSON.parse(readFileSync(path.join(directory, 'dataset_info.json'), 'utf8'))[name];
  if (!info) throw new Error(`Undefined dataset ${name} in dataset_info.json.`);
  const file = path.join(directory, info.file_name);
  if (!existsSync(file)) throw new Error(`File ${file} not found.`);
  const formatting: string = info.formatting ?? 'alpaca';
  const ranking = info.ranking === true;
  const columns: Record<string, string> = { ...(info.columns ?? {}) };
  for (const key of Object.keys(columns))
    if (!columnNames.includes(key)) throw new Error(`unknown column attribute ${key}`);
  if (formatting === 'alpaca') {
    columns.prompt ??= 'instruction';
    columns.query ??= 'input';
    columns.response ??= 'output';
  } else columns.messages ??= 'conversations';
  const tags = { ...tagDefaults, ...(info.tags ?? {}) };
  const { columns: present, rows } = loadJsonDataset(file);
  for (const column of Object.values(columns)) if (!present.has(column)) throw new Error(`KeyError: '${column}'`);
  const examples: LlamaFactoryExample[] = [];
  let dropped = 0;
  for (const row of rows) {
    const example =
      formatting === 'alpaca' ? alpacaExample(row, columns, ranking) : sharegptExample(row, columns, tags, ranking);
    if (example) examples.push(example);
    else dropped++;
  }
  return { examples, dropped, ranking };
}

function alpacaExample(
  row: Record<string, any>,
  columns: Record<string, string>,
  ranking: boolean,
): LlamaFactoryExample | null {
  const prompt: Array<{ role: string; content: string }> = [];
  if (columns.history && Array.isArray(row[columns.history]))
    for (const [oldPrompt, oldResponse] of row[columns.history]) {
      prompt.push({ role: 'user', content: oldPrompt });
      prompt.push({ role: 'assistant', content: oldResponse });
    }
  const query: string[] = [];
  if (columns.prompt && row[columns.prompt]) query.push(row[columns.prompt]);
  if (columns.query && row[columns.query]) query.push(row[columns.query]);
  prompt.push({ role: 'user', content: query.join('\n') });
  let response: Array<{ role: string; content: string }> = [];
  if (ranking) return null;
  if (typeof row[columns.response!] === 'string') response = [{ role: 'assistant', content: row[columns.response!] }];
  if (response.length === 0) return null;
  return {
    prompt,
    response,
    system: columns.system ? (row[columns.system] ?? '') : '',
    tools: columns.tools ? row[columns.tools] : '',
  };
}

function sharegptExample(
  row: Record<string, any>,
  columns: Record<string, string>,
  tags: Record<string, string | null>,
  ranking: boolean,
): LlamaFactoryExample | null {
  const roleOf: Record<string, string> = {
    [tags.user_tag!]: 'user',
    [tags.assistant_tag!]: 'assistant',
    [tags.observation_tag!]: 'observation',
    [tags.function_tag!]: 'function',
  };
  const odd = [tags.user_tag, tags.observation_tag];
  const even = [tags.assistant_tag, tags.function_tag];
  let messages: Array<Record<string, string>> = row[columns.messages!];
  if (!Array.isArray(messages)) return null;
  let system = '';
  if (tags.system_tag && messages[0]?.[tags.role_tag!] === tags.system_tag) {
    system = messages[0]![tags.content_tag!]!;
    messages = messages.slice(1);
  } else if (columns.system) system = row[columns.system] ?? '';
  const aligned: Array<{ role: string; content: string }> = [];
  for (const [index, message] of messages.entries()) {
    const accept = index % 2 === 0 ? odd : even;
    if (!accept.includes(message[tags.role_tag!]!)) return null;
    aligned.push({ role: roleOf[message[tags.role_tag!]!]!, content: message[tags.content_tag!]! });
  }
  if ((!ranking && aligned.length % 2 !== 0) || (ranking && aligned.length % 2 === 0)) return null;
  if (ranking) {
    const chosen = row[columns.chosen!];
    const rejected = row[columns.rejected!];
    if (!even.includes(chosen?.[tags.role_tag!]) || !even.includes(rejected?.[tags.role_tag!])) return null;
    return {
      prompt: aligned,
      response: [
        { role: roleOf[chosen[tags.role_tag!]]!, content: chosen[tags.content_tag!] },
        { role: roleOf[rejected[tags.role_tag!]]!, content: rejected[tags.content_tag!] },
      ],
      system,
      tools: columns.tools ? row[columns.tools] : '',
    };
  }
  return {
    prompt: aligned.slice(0, -1),
    response: aligned.slice(-1),
    system,
    tools: columns.tools ? row[columns.tools] : '',
  };
}

/**
 * TRL's preference format (DPOTrainer, ORPOTrainer, RewardTrainer): prompt/chosen/rejected, either
 * all strings (standard) or all message lists (conversational, detected on the first row as TRL's
 * `is_conversational` does); conversational chosen/rejected are assistant turns.
 */
export function loadTrlPreference(file: string): { conversational: boolean; rows: Array<Record<string, any>> } {
  const { columns, rows } = loadJsonDataset(file);
  for (const key of ['prompt', 'chosen', 'rejected']) if (!columns.has(key)) throw new Error(`KeyError: '${key}'`);
  const isMessages = (value: unknown) =>
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((message) => typeof message?.role === 'string' && typeof message?.content === 'string');
  const conversational = isMessages(rows[0]?.prompt);
  for (const [index, row] of rows.entries()) {
    if (conversational) {
      if (!isMessages(row.prompt) || !isMessages(row.chosen) || !isMessages(row.rejected))
        throw new Error(`row ${index}: not conversational like the first row`);
      if (row.prompt.at(-1).role !== 'user') throw new Error(`row ${index}: the prompt does not end with a user turn`);
      for (const key of ['chosen', 'rejected'])
        if (row[key].some((message: any) => message.role !== 'assistant'))
          throw new Error(`row ${index}: ${key} has a non-assistant turn`);
    } else if ([row.prompt, row.chosen, row.rejected].some((value) => typeof value !== 'string'))
      throw new Error(`row ${index}: standard preference values must be strings`);
  }
  return { conversational, rows };
}

/**
 * OpenAI's fine-tuning file checks (chat and tool calling): messages with known roles, string
 * content (empty only on an assistant turn that calls tools), every tool message answering a call
 * made before it, at least one assistant message, weight 0/1 on assistant messages only.
 */
export function openAiChatFileErrors(file: string): string[] {
  const errors: string[] = [];
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  for (const [index, text] of lines.entries()) {
    const line = JSON.parse(text);
    const where = `line ${index + 1}`;
    if (Object.keys(line).some((key) => !['messages', 'tools', 'parallel_tool_calls'].includes(key)))
      errors.push(`${where}: unexpected key`);
    if (!Array.isArray(line.messages) || line.messages.length === 0) {
      errors.push(`${where}: messages missing`);
      continue;
    }
    const calls = new Set<string>();
    for (const message of line.messages) {
      if (!['system', 'user', 'assistant', 'tool'].includes(message.role))
        errors.push(`${where}: role ${message.role}`);
      const callsTools = Array.isArray(message.tool_calls) && message.tool_calls.length > 0;
      if (typeof message.content !== 'string' || (message.content === '' && !callsTools))
        errors.push(`${where}: ${message.role} content`);
      for (const call of message.tool_calls ?? []) {
        if (typeof call.function?.name !== 'string' || typeof call.function?.arguments !== 'string')
          errors.push(`${where}: tool call shape`);
        calls.add(call.id);
      }
      if (message.role === 'tool' && !calls.has(message.tool_call_id))
        errors.push(`${where}: tool message answers no call`);
      if (message.weight !== undefined && (message.role !== 'assistant' || ![0, 1].includes(message.weight)))
        errors.push(`${where}: weight`);
    }
    if (!line.messages.some((message: any) => message.role === 'assistant')) errors.push(`${where}: no assistant`);
  }
  return errors;
}
