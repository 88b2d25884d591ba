import { ApiError, apiErrorFromResponse } from './api-error.ts';
import {
  applyEvent,
  chatBody,
  emptyStreamState,
  protocolCall,
  type PlaygroundApi,
  type ProtocolMessage,
  type ProtocolRequest,
  type ProtocolUsage,
  type StreamedToolCall,
} from './client-protocols.ts';
import { consoleHeaders, notifyUnauthenticated } from './http-client.ts';
import { SseParser } from './sse-parser.ts';

export type ChatMessage = ProtocolMessage;
export type ChatRequest = ProtocolRequest;
export type ChatUsage = ProtocolUsage;
export type { PlaygroundApi, StreamedToolCall };

export interface StreamResult {
  text: string;
  /** Reasoning models' `reasoning_content`, shown apart from the answer. */
  reasoning: string;
  toolCalls: StreamedToolCall[];
  usage: ChatUsage | null;
  finishReason: string | null;
  requestId: string | null;
  deployment: string | null;
  /** Milliseconds from sending to the first content token. */
  timeToFirstTokenMs: number | null;
  /** Milliseconds from sending to the end of the stream. */
  latencyMs: number;
}

export interface StreamCallbacks {
  onText(text: string, reasoning: string, toolCalls: readonly StreamedToolCall[]): void;
}

/** The request body the playground sends to /v1/chat/completions; the same body the "view code" samples show. */
export function streamingBody(request: ChatRequest): Record<string, unknown> {
  return chatBody(request);
}

/**
 * Calls the model through one of the protocols (POST /v1/chat/completions, /v1/responses or
 * /v1/messages) with streaming on and reads the SSE stream from fetch's ReadableStream,
 * reporting text as it arrives. Throws an ApiError with the server's message.
 */
export async function streamChat(
  request: ChatRequest,
  callbacks: StreamCallbacks,
  signal?: AbortSignal,
  api: PlaygroundApi = 'chat',
): Promise<StreamResult> {
  const started = performance.now();
  const call = protocolCall(api, request);
  let response: Response;
  try {
    response = await fetch(call.path, {
      method: 'POST',
      headers: consoleHeaders(true),
      body: JSON.stringify(call.body),
      credentials: 'same-origin',
      signal,
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(`Network error: ${(error as Error).message}`, { status: 0, code: 'network_error' });
  }
  if (!response.ok) {
    if (response.status === 401) notifyUnauthenticated();
    throw await apiErrorFromResponse(response);
  }
  if (!response.body) throw new ApiError('The server sent no response body.', { status: response.status });

  const state = emptyStreamState();
  const result: StreamResult = {
    text: '',
    reasoning: '',
    toolCalls: [],
    usage: null,
    finishReason: null,
    requestId: response.headers.get('x-request-id'),
    deployment: response.headers.get('x-kaiyuan-deployment'),
    timeToFirstTokenMs: null,
    latencyMs: 0,
  };
  const parser = new SseParser();
  const decoder = new TextDecoder();
  const reader = response.body.getReader();
  const handle = (payloads: string[]): void => {
    for (const payload of payloads) {
      if (!applyEvent(api, state, payload, response.status)) continue;
      // Time to first token counts reasoning tokens too: they are the first tokens the model sends.
      if (result.timeToFirstTokenMs === null) result.timeToFirstTokenMs = performance.now() - started;
      callbacks.onText(
        state.text,
        state.reasoning,
        state.toolCalls.map((call) => ({ ...call })),
      );
    }
  };
  for (;;) {
    const { value, done: finished } = await reader.read();
    if (finished) break;
    handle(parser.push(decoder.decode(value, { stream: true })));
  }
  handle(parser.push(decoder.decode()));
  handle(parser.flush());
  result.latencyMs = performance.now() - started;
  Object.assign(result, {
    text: state.text,
    reasoning: state.reasoning,
    toolCalls: state.toolCalls,
    usage: state.usage,
  });
  result.finishReason = state.finishReason;
  if (!state.complete && result.finishReason === null) {
    throw new ApiError('The stream ended before the answer was complete.', {
      status: response.status,
      code: 'stream_incomplete',
    });
  }
  return result;
}
