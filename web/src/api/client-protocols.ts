import { ApiError, apiErrorFromBody } from './api-error.ts';

/** The three protocols the playground can call a model through. */
export type PlaygroundApi = 'chat' | 'responses' | 'messages';
export const playgroundApis: readonly PlaygroundApi[] = ['chat', 'responses', 'messages'];

export interface ProtocolMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** The playground's request, whatever protocol sends it. */
export interface ProtocolRequest {
  model: string;
  messages: ProtocolMessage[];
  temperature?: number;
  max_tokens?: number;
  /** Show a reasoning model's reasoning (Messages: `thinking`, Responses: `reasoning.summary`). */
  reasoning?: boolean;
}

export interface ProtocolUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details?: { cached_tokens?: number } | null;
}

/** What a streamed answer adds up to, in any protocol. */
export interface StreamState {
  text: string;
  reasoning: string;
  usage: ProtocolUsage | null;
  finishReason: string | null;
  /** The protocol's end marker arrived (`[DONE]`, `message_stop`, `response.completed`). */
  complete: boolean;
}

/** Anthropic requires max_tokens; this is what the playground sends when the user set none. */
export const MESSAGES_DEFAULT_MAX_TOKENS = 1024;

/** The path (under /v1) and the streaming request body of a protocol. */
export function protocolCall(api: PlaygroundApi, request: ProtocolRequest): { path: string; body: object } {
  switch (api) {
    case 'chat':
      return { path: '/v1/chat/completions', body: chatBody(request) };
    case 'responses':
      return { path: '/v1/responses', body: responsesBody(request) };
    case 'messages':
      return { path: '/v1/messages', body: messagesBody(request) };
  }
}

export function chatBody(request: ProtocolRequest): Record<string, unknown> {
  const { reasoning: _reasoning, ...chat } = request;
  return { ...chat, stream: true, stream_options: { include_usage: true } };
}

export function responsesBody(request: ProtocolRequest): Record<string, unknown> {
  const system = request.messages.filter((message) => message.role === 'system');
  const body: Record<string, unknown> = { model: request.model };
  if (system.length > 0) body.instructions = system.map((message) => message.content).join('\n\n');
  body.input = request.messages
    .filter((message) => message.role !== 'system')
    .map((message) => ({ role: message.role, content: message.content }));
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.max_tokens !== undefined) body.max_output_tokens = request.max_tokens;
  if (request.reasoning) body.reasoning = { summary: 'auto' };
  body.stream = true;
  return body;
}

export function messagesBody(request: ProtocolRequest): Record<string, unknown> {
  const system = request.messages.filter((message) => message.role === 'system');
  const body: Record<string, unknown> = {
    model: request.model,
    max_tokens: request.max_tokens ?? MESSAGES_DEFAULT_MAX_TOKENS,
  };
  if (system.length > 0) body.system = system.map((message) => message.content).join('\n\n');
  body.messages = request.messages
    .filter((message) => message.role !== 'system')
    .map((message) => ({ role: message.role, content: message.content }));
  // Anthropic's temperature range is 0–1.
  if (request.temperature !== undefined) body.temperature = Math.min(request.temperature, 1);
  if (request.reasoning) body.thinking = { type: 'enabled', budget_tokens: 1024 };
  body.stream = true;
  return body;
}

type Json = Record<string, any>;

/** Applies one event's payload to the state; returns true when it added text or reasoning. */
export function applyEvent(api: PlaygroundApi, state: StreamState, payload: string, status: number): boolean {
  if (api === 'chat' && payload.trim() === '[DONE]') {
    state.complete = true;
    return false;
  }
  let event: Json;
  try {
    event = JSON.parse(payload) as Json;
  } catch {
    throw new ApiError('The server sent a malformed stream chunk.', { status, code: 'malformed_chunk' });
  }
  if (event && event.error) throw apiErrorFromBody(status, event, 'The stream failed.');
  if (api === 'chat') return applyChatChunk(state, event);
  if (api === 'responses') return applyResponsesEvent(state, event, status);
  return applyMessagesEvent(state, event);
}

function applyChatChunk(state: StreamState, chunk: Json): boolean {
  if (chunk.usage) state.usage = chunk.usage as ProtocolUsage;
  let added = false;
  for (const choice of (chunk.choices ?? []) as Json[]) {
    if (choice.finish_reason) state.finishReason = choice.finish_reason;
    const content = choice.delta?.content;
    const reasoning = choice.delta?.reasoning_content;
    if (typeof content === 'string' && content.length > 0) {
      state.text += content;
      added = true;
    }
    if (typeof reasoning === 'string' && reasoning.length > 0) {
      state.reasoning += reasoning;
      added = true;
    }
  }
  return added;
}

function applyResponsesEvent(state: StreamState, event: Json, status: number): boolean {
  switch (event.type) {
    case 'response.output_text.delta':
      state.text += String(event.delta ?? '');
      return true;
    case 'response.reasoning_summary_text.delta':
      state.reasoning += String(event.delta ?? '');
      return true;
    case 'response.completed':
    case 'response.incomplete': {
      const usage = event.response?.usage;
      if (usage) {
        state.usage = {
          prompt_tokens: usage.input_tokens,
          completion_tokens: usage.output_tokens,
          total_tokens: usage.total_tokens,
          prompt_tokens_details: { cached_tokens: usage.input_tokens_details?.cached_tokens ?? 0 },
        };
      }
      state.finishReason = event.response?.incomplete_details?.reason ?? event.response?.status ?? 'completed';
      state.complete = true;
      return false;
    }
    case 'error':
    case 'response.failed': {
      const error = event.type === 'error' ? event : (event.response?.error ?? {});
      throw new ApiError(String(error.message ?? 'The stream failed.'), { status, code: error.code ?? null });
    }
    default:
      return false;
  }
}

function applyMessagesEvent(state: StreamState, event: Json): boolean {
  switch (event.type) {
    case 'content_block_delta':
      if (event.delta?.type === 'text_delta') state.text += String(event.delta.text ?? '');
      else if (event.delta?.type === 'thinking_delta') state.reasoning += String(event.delta.thinking ?? '');
      else return false;
      return true;
    case 'message_delta': {
      const usage = event.usage ?? {};
      const cached = Number(usage.cache_read_input_tokens ?? 0);
      const prompt = Number(usage.input_tokens ?? 0) + cached;
      const completion = Number(usage.output_tokens ?? 0);
      state.usage = {
        prompt_tokens: prompt,
        completion_tokens: completion,
        total_tokens: prompt + completion,
        prompt_tokens_details: { cached_tokens: cached },
      };
      state.finishReason = event.delta?.stop_reason ?? null;
      return false;
    }
    case 'message_stop':
      state.complete = true;
      return false;
    default:
      return false;
  }
}
