/**
 * `POST /v1/messages/count_tokens`: the input tokens a Messages request would have, counted with
 * the tokenizer the gateway bills estimated usage with, over the translated chat request (its
 * messages, chat-template overhead and tool definitions). An estimate for open models, whose
 * tokenizers differ; nothing is called upstream and nothing is billed.
 */
import { chatOverhead, countTokens, messagesText } from '../../inference/token-estimate.ts';
import { toChatRequest } from './convert-messages-request.ts';

export function countMessageTokens(body: Record<string, unknown>): { input_tokens: number } {
  const chat = toChatRequest({ ...body, max_tokens: 1, stream: false });
  const tools = Array.isArray(chat.tools) ? countTokens(JSON.stringify(chat.tools)) : 0;
  return { input_tokens: countTokens(messagesText(chat.messages)) + chatOverhead(chat.messages) + tools };
}
