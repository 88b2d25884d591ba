/**
 * The simulator's own tokenizer: a CJK character, a word or a punctuation mark is one token.
 * Deterministic and cheap, so streamed and non-streamed answers report identical usage.
 */
const TOKEN_PATTERN = /[\u3000-\u9fff\uac00-\ud7af\uf900-\ufaff]|[A-Za-z0-9_'’-]+|[^\sA-Za-z0-9_\u3000-\u9fff]/gu;

export function splitTokens(text: string): string[] {
  const pieces: string[] = [];
  let last = 0;
  for (const match of text.matchAll(TOKEN_PATTERN)) {
    const end = match.index + match[0].length;
    // Whitespace before a token belongs to it, so the pieces concatenate back to the text.
    pieces.push(text.slice(last, end));
    last = end;
  }
  if (last < text.length) {
    if (pieces.length > 0) pieces[pieces.length - 1] += text.slice(last);
    else pieces.push(text.slice(last));
  }
  return pieces;
}

export function countTokens(text: string): number {
  let count = 0;
  for (const _match of text.matchAll(TOKEN_PATTERN)) count++;
  return count;
}

/** Prompt tokens of a chat request: message contents plus a small per-message overhead, as real chat templates add. */
export function countMessageTokens(messages: unknown): number {
  if (!Array.isArray(messages)) return 0;
  let total = 2;
  for (const message of messages) {
    total += 4 + countTokens(contentText((message as { content?: unknown })?.content));
    const toolCalls = (message as { tool_calls?: unknown })?.tool_calls;
    if (Array.isArray(toolCalls)) total += countTokens(JSON.stringify(toolCalls));
  }
  return total;
}

export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((part) =>
        part && typeof part === 'object' && typeof (part as { text?: unknown }).text === 'string'
          ? (part as { text: string }).text
          : '',
      )
      .join(' ');
  }
  return '';
}
