import { loadOnFirstUse } from '../util/load-on-first-use.ts';

const tokenizer = loadOnFirstUse<typeof import('gpt-tokenizer')>('gpt-tokenizer');

/**
 * Token counts for two purposes:
 * - `quickTokenEstimate`: a cheap upper-leaning guess for limit reservations on the hot path
 *   (one pass over the string, no tokenizer);
 * - `countTokens`: a real BPE count (o200k), used to bill a response the upstream reported no usage for.
 */
export function quickTokenEstimate(text: string): number {
  let cjk = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code >= 0x2e80 && code <= 0x9fff) cjk++;
  }
  // CJK characters are about one token each; other text about four characters per token.
  return cjk + Math.ceil((text.length - cjk) / 4);
}

export function countTokens(text: string): number {
  if (text.length === 0) return 0;
  return tokenizer().encode(text).length;
}

/** Concatenates the text of chat messages (string or content-part arrays) for estimates. */
export function messagesText(messages: unknown): string {
  if (!Array.isArray(messages)) return '';
  let text = '';
  for (const message of messages) {
    if (!message || typeof message !== 'object') continue;
    const content = (message as { content?: unknown }).content;
    if (typeof content === 'string') text += content + '\n';
    else if (Array.isArray(content)) {
      for (const part of content) {
        if (part && typeof part === 'object' && typeof (part as { text?: unknown }).text === 'string')
          text += (part as { text: string }).text + '\n';
      }
    }
    const toolCalls = (message as { tool_calls?: unknown }).tool_calls;
    if (toolCalls) text += JSON.stringify(toolCalls);
  }
  return text;
}

/** Per-message overhead of chat templates, as OpenAI documents for its models. */
export function chatOverhead(messages: unknown): number {
  return Array.isArray(messages) ? 3 + messages.length * 4 : 0;
}

/** The text a rerank request sends: the query once per document plus each document (as rerankers score pairs). */
export function rerankText(body: Record<string, unknown>): string {
  const query = typeof body.query === 'string' ? body.query : '';
  const documents = Array.isArray(body.documents) ? body.documents : [];
  let text = '';
  for (const document of documents) {
    const content =
      typeof document === 'string' ? document : typeof document?.text === 'string' ? (document.text as string) : '';
    text += `${query}\n${content}\n`;
  }
  return text;
}
