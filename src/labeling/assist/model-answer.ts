import { jsonrepair } from 'jsonrepair';

/**
 * Reads the JSON a model answered, robust to what real models send: `<think>…</think>` blocks
 * (DeepSeek-R1, QwQ, Qwen3) before or around the answer, Markdown code fences, prose around the
 * object, and slightly broken JSON (trailing commas, single quotes, unquoted keys, a cut-off tail),
 * which jsonrepair mends. `reasoning_content` is never read.
 */
export class ModelAnswerError extends Error {
  constructor(
    message: string,
    readonly content: string,
  ) {
    super(message);
    this.name = 'ModelAnswerError';
  }
}

/** The assistant content of a non-streamed chat completion body (text), ignoring reasoning. */
export function completionContent(body: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new ModelAnswerError('The gateway answer was not JSON.', body.slice(0, 200));
  }
  const message = (parsed as { choices?: Array<{ message?: { content?: unknown } }> }).choices?.[0]?.message;
  const content = message?.content;
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((part) => (typeof part?.text === 'string' ? part.text : '')).join('');
  throw new ModelAnswerError('The model answered without content.', '');
}

/**
 * Removes reasoning blocks: complete `<think>…</think>` pairs and an unopened close at the start.
 * An unclosed `<think>` means the model stopped while reasoning: it and all after it are reasoning,
 * never the answer, so what precedes it is the answer, and with nothing before it there is none.
 */
export function stripReasoning(content: string): string {
  let text = content.replace(/<think(?:ing)?>[\s\S]*?<\/think(?:ing)?>/gi, '');
  const close = text.search(/<\/think(?:ing)?>/i);
  if (close >= 0) text = text.slice(close).replace(/^<\/think(?:ing)?>/i, '');
  const open = text.search(/<think(?:ing)?>/i);
  if (open >= 0) {
    const before = text.slice(0, open);
    if (before.trim().length === 0)
      throw new ModelAnswerError(
        'The answer ended inside its reasoning (<think> without </think>): the model ran out of tokens before answering; raise maxTokens.',
        content.slice(0, 200),
      );
    text = before;
  }
  return text.trim();
}

/** The JSON value in a model's content. */
export function parseModelJson(content: string): unknown {
  const text = stripReasoning(content);
  const fenced = /```(?:json|JSON)?\s*([\s\S]*?)(?:```|$)/.exec(text);
  const candidate = extractJson(fenced ? fenced[1]! : text);
  if (candidate === null) throw new ModelAnswerError('The model answered no JSON object.', content.slice(0, 200));
  try {
    return JSON.parse(candidate);
  } catch {
    try {
      return JSON.parse(jsonrepair(candidate));
    } catch {
      throw new ModelAnswerError('The model answered JSON that could not be repaired.', content.slice(0, 200));
    }
  }
}

/** From the first `{` or `[` to its matching close (or to the end when cut off). */
function extractJson(text: string): string | null {
  const start = text.search(/[{[]/);
  if (start < 0) return null;
  const stack: string[] = [];
  let inString = false;
  let escaped = false;
  for (let index = start; index < text.length; index++) {
    const character = text[index]!;
    if (inString) {
      if (escaped) escaped = false;
      else if (character === '\\') escaped = true;
      else if (character === '"') inString = false;
      continue;
    }
    if (character === '"') inString = true;
    else if (character === '{' || character === '[') stack.push(character === '{' ? '}' : ']');
    else if (character === '}' || character === ']') {
      stack.pop();
      if (stack.length === 0) return text.slice(start, index + 1);
    }
  }
  return text.slice(start);
}
