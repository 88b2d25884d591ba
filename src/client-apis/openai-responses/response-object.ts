/** The Response object of the Responses API and its output items, built from a chat answer. */
import type { Usage } from '../../providers/spec.ts';
import { newId } from '../../util/ids.ts';
import type { ChatAnswer } from '../chat-chunk.ts';
import type { ResponsesRequestFacts } from './convert-responses-request.ts';

type Json = Record<string, any>;

export type ResponseStatus = 'in_progress' | 'completed' | 'incomplete' | 'failed';

export interface ResponseState {
  id: string;
  createdAt: number;
  status: ResponseStatus;
  output: Json[];
  usage: Usage | null;
  /** Why the answer stopped early (`max_output_tokens`, `content_filter`); null otherwise. */
  incompleteReason: string | null;
  error: { code: string; message: string } | null;
}

export function responseObject(facts: ResponsesRequestFacts, state: ResponseState): Json {
  return {
    id: state.id,
    object: 'response',
    created_at: state.createdAt,
    status: state.status,
    background: false,
    error: state.error,
    incomplete_details: state.incompleteReason ? { reason: state.incompleteReason } : null,
    model: facts.model,
    output: state.output,
    ...facts.echo,
    usage: state.usage ? responsesUsage(state.usage) : null,
  };
}

export function responsesUsage(usage: Usage): Json {
  return {
    input_tokens: usage.promptTokens,
    input_tokens_details: { cached_tokens: usage.cachedTokens },
    output_tokens: usage.completionTokens,
    output_tokens_details: { reasoning_tokens: usage.reasoningTokens },
    total_tokens: usage.promptTokens + usage.completionTokens,
  };
}

/** The status a chat finish reason gives a response, and why it is incomplete. */
export function statusOf(finishReason: string | null): { status: ResponseStatus; incompleteReason: string | null } {
  if (finishReason === 'length') return { status: 'incomplete', incompleteReason: 'max_output_tokens' };
  if (finishReason === 'content_filter') return { status: 'incomplete', incompleteReason: 'content_filter' };
  return { status: 'completed', incompleteReason: null };
}

export function reasoningItem(text: string, summary: boolean, id = newId('rs', 24)): Json {
  return { id, type: 'reasoning', summary: summary && text !== '' ? [{ type: 'summary_text', text }] : [] };
}

export function outputTextPart(text: string): Json {
  return { type: 'output_text', text, annotations: [], logprobs: [] };
}

export function messageItem(text: string, status: 'in_progress' | 'completed', id = newId('msg', 24)): Json {
  return {
    id,
    type: 'message',
    status,
    role: 'assistant',
    content: status === 'completed' ? [outputTextPart(text)] : [],
  };
}

export function functionCallItem(
  call: { id: string; name: string; arguments: string },
  status: 'in_progress' | 'completed',
  id = newId('fc', 24),
): Json {
  return { id, type: 'function_call', status, call_id: call.id, name: call.name, arguments: call.arguments };
}

/** The output items of a whole answer: reasoning, the message, the function calls. */
export function outputItems(answer: ChatAnswer, summary: boolean): Json[] {
  const items: Json[] = [];
  if (answer.reasoning !== '') items.push(reasoningItem(answer.reasoning, summary));
  if (answer.content !== '' || answer.toolCalls.length === 0) items.push(messageItem(answer.content, 'completed'));
  for (const call of answer.toolCalls) items.push(functionCallItem(call, 'completed'));
  return items;
}

/** The answer as the chat message a continuing request replays (reasoning is not replayed). */
export function assistantMessage(answer: Pick<ChatAnswer, 'content' | 'toolCalls'>): Json {
  const message: Json = {
    role: 'assistant',
    content: answer.content === '' && answer.toolCalls.length > 0 ? null : answer.content,
  };
  if (answer.toolCalls.length > 0) {
    message.tool_calls = answer.toolCalls.map((call) => ({
      id: call.id,
      type: 'function',
      function: { name: call.name, arguments: call.arguments },
    }));
  }
  return message;
}
