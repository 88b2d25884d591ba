import type { Usage } from '../providers/spec.ts';
import { chatOverhead, countTokens, messagesText, rerankText } from './token-estimate.ts';
import type { Endpoint } from './gateway-hooks.ts';

/** Prompt tokens of a request, counted with the tokenizer (used when the upstream reports none). */
export function estimatePromptTokens(endpoint: Endpoint, body: Record<string, unknown>): number {
  if (endpoint === 'chat') return countTokens(messagesText(body.messages)) + chatOverhead(body.messages);
  if (endpoint === 'rerank') return countTokens(rerankText(body));
  const input = endpoint === 'embeddings' ? body.input : body.prompt;
  if (typeof input === 'string') return countTokens(input);
  if (Array.isArray(input))
    return input.reduce<number>(
      (sum, item) => sum + (typeof item === 'string' ? countTokens(item) : Array.isArray(item) ? item.length : 1),
      0,
    );
  return 0;
}

/** Text the model produced in one chat/completion chunk or whole response: content, reasoning, tool arguments. */
export function generatedText(json: unknown): string {
  const choices = (json as { choices?: unknown })?.choices;
  if (!Array.isArray(choices)) return '';
  let text = '';
  for (const choice of choices) {
    if (!choice || typeof choice !== 'object') continue;
    const record = choice as Record<string, any>;
    if (typeof record.text === 'string') text += record.text;
    const message = record.delta ?? record.message;
    if (!message || typeof message !== 'object') continue;
    if (typeof message.content === 'string') text += message.content;
    if (typeof message.reasoning_content === 'string') text += message.reasoning_content;
    if (Array.isArray(message.tool_calls)) {
      for (const call of message.tool_calls) {
        if (typeof call?.function?.name === 'string') text += call.function.name;
        if (typeof call?.function?.arguments === 'string') text += call.function.arguments;
      }
    }
  }
  return text;
}

/** Usage counted by our tokenizer from the request and the generated text. */
export function estimateUsage(endpoint: Endpoint, body: Record<string, unknown>, completionText: string): Usage {
  return {
    promptTokens: estimatePromptTokens(endpoint, body),
    completionTokens: countTokens(completionText),
    cachedTokens: 0,
    reasoningTokens: 0,
  };
}

/** Counts the tokens of streamed chunks (JSON texts) that reached the client. */
export function deliveredText(chunks: readonly string[]): string {
  let text = '';
  for (const chunk of chunks) {
    try {
      text += generatedText(JSON.parse(chunk));
    } catch {
      // A chunk we relayed was already validated by the provider; skip anything unreadable.
    }
  }
  return text;
}
