import { ApiError, apiErrorFromBody } from './api-error.ts';

/** The three protocols the playground can call a model through. */
export type PlaygroundApi = 'chat' | 'responses' | 'messages';
export const playgroundApis: readonly PlaygroundApi[] = ['chat', 'responses', 'messages'];

export interface ProtocolMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** A function the model may call, in the Chat Completions shape (`tools[]`). */
export interface ProtocolTool {
  type: 'function';
  function: { name: string; description?: string; parameters?: Record<string, unknown> };
}

/** A tool call of an answer, put together from its streamed fragments. */
export interface StreamedToolCall {
  /** The protocol's place of the call (Chat: `index`, Responses: `output_index`, Messages: block `index`). */
  index: number;
  id: string;
  name: string;
  /** The arguments as the model wrote them: JSON text, possibly unfinished while streaming. */
  arguments: string;
}

/** The playground's request, whatever protocol sends it. */
export interface ProtocolRequest {
  model: string;
  messages: ProtocolMessage[];
  temperature?: number;
  max_tokens?: number;
  /** Show a reasoning model's reasoning (Messages: `thinking`, Responses: `reasoning.summary`). */
  reasoning?: boolean;
  /** Functions the model may call (Responses: flat `tools[]`, Messages: `input_schema`). */
  tools?: ProtocolTool[];
  /** JSON mode (Responses: `text.format`; the Messages API has none). */
  response_format?: { type: 'json_object' };
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
  toolCalls: StreamedToolCall[];
}

/** The state before the first event. */
export function emptyStreamState(): StreamState {
  return { text: '', reasoning: '', usage: null, finishReason: null, complete: false, toolCalls: [] };
}

/** Whether a protocol has a JSON mode the playground can switch on. */
export function supportsJsonMode(api: PlaygroundApi): boolean {
  return api !== 'messages';
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
  if (request.tools?.length) body.tools = request.tools.map((tool) => ({ type: 'function', ...tool.function }));
  if (request.response_format) body.text = { format: request.response_format };
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
  if (request.tools?.length)
    body.tools = request.tools.map(({ function: { name, description, parameters } }) => ({
      name,
      ...(description !== undefined ? { description } : {}),
      input_schema: parameters ?? { type: 'object', properties: {} },
    }));
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
    for (const call of (Array.isArray(choice.delta?.tool_calls) ? choice.delta.tool_calls : []) as Json[]) {
      const index = Number(call.index ?? 0);
      if (!toolCallAt(state, index)) addToolCall(state, index, call.id, call.function?.name);
      appendArguments(state, index, call.function?.arguments);
      added = true;
    }
  }
  return added;
}

function toolCallAt(state: StreamState, index: number): StreamedToolCall | undefined {
  return state.toolCalls.find((call) => call.index === index);
}

function addToolCall(state: StreamState, index: number, id: unknown, name: unknown, args: unknown = ''): void {
  state.toolCalls.push({
    index,
    id: typeof id === 'string' ? id : '',
    name: typeof name === 'string' ? name : '',
    arguments: typeof args === 'string' ? args : '',
  });
}

function appendArguments(state: StreamState, index: number, fragment: unknown): void {
  const call = toolCallAt(state, index);
  if (call && typeof fragment === 'string') call.arguments += fragment;
}

function applyResponsesEvent(state: StreamState, event: Json, status: number): boolean {
  switch (event.type) {
    case 'response.output_text.delta':
      state.text += String(event.delta ?? '');
      return true;
    case 'response.reasoning_summary_text.delta':
      state.reasoning += String(event.delta ?? '');
      return true;
    case 'response.output_item.added': {
      const item = event.item ?? {};
      if (item.type !== 'function_call') return false;
      addToolCall(state, Number(event.output_index ?? 0), item.call_id ?? item.id, item.name, item.arguments);
      return true;
    }
    case 'response.function_call_arguments.delta':
      appendArguments(state, Number(event.output_index ?? 0), event.delta);
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
    case 'content_block_start': {
      const block = event.content_block ?? {};
      if (block.type !== 'tool_use') return false;
      addToolCall(state, Number(event.index ?? 0), block.id, block.name);
      return true;
    }
    case 'content_block_delta':
      if (event.delta?.type === 'text_delta') state.text += String(event.delta.text ?? '');
      else if (event.delta?.type === 'thinking_delta') state.reasoning += String(event.delta.thinking ?? '');
      else if (event.delta?.type === 'input_json_delta')
        appendArguments(state, Number(event.index ?? 0), event.delta.partial_json);
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
