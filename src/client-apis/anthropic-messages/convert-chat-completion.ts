/** A chat.completion → an Anthropic Message. */
import type { Usage } from '../../providers/spec.ts';
import { parseToolArguments, readChatCompletion } from '../chat-chunk.ts';
import { anthropicUsage, thinkingSignature } from './anthropic-usage.ts';
import type { MessagesRequestFacts } from './convert-messages-request.ts';
import { mapFinishReason } from './map-stop-reason.ts';

export function toAnthropicMessage(
  completion: Record<string, unknown>,
  usage: Usage,
  facts: MessagesRequestFacts,
  id: string,
): Record<string, unknown> {
  const answer = readChatCompletion(completion);
  const content: Array<Record<string, unknown>> = [];
  if (facts.thinking && answer.reasoning !== '') {
    content.push({ type: 'thinking', thinking: answer.reasoning, signature: thinkingSignature(answer.reasoning) });
  }
  if (answer.content !== '') content.push({ type: 'text', text: answer.content });
  for (const call of answer.toolCalls) {
    content.push({ type: 'tool_use', id: call.id, name: call.name, input: parseToolArguments(call.arguments) });
  }
  return {
    id,
    type: 'message',
    role: 'assistant',
    model: facts.model,
    content,
    ...mapFinishReason(answer.finishReason, answer.stopSequence, facts.stopSequences),
    usage: anthropicUsage(usage),
  };
}
