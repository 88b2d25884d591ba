import { ApiError, apiErrorFromBody, apiErrorFromResponse } from './api-error.ts';
import { consoleHeaders, notifyUnauthenticated } from './http-client.ts';
import { SseParser } from './sse-parser.ts';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  temperature?: number;
  max_tokens?: number;
}

export interface ChatUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details?: { cached_tokens?: number } | null;
}

export interface StreamResult {
  text: string;
  /** Reasoning models' `reasoning_content`, shown apart from the answer. */
  reasoning: string;
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
  onText(text: string, reasoning: string): void;
}

interface ChunkChoice {
  delta?: { content?: string | null; reasoning_content?: string | null };
  finish_reason?: string | null;
}

interface Chunk {
  choices?: ChunkChoice[];
  usage?: ChatUsage | null;
  error?: unknown;
}

/** The request body the playground sends; the same body the "view code" samples show. */
export function streamingBody(request: ChatRequest): Record<string, unknown> {
  return { ...request, stream: true, stream_options: { include_usage: true } };
}

/**
 * Calls POST /v1/chat/completions with stream: true and reads the SSE stream from fetch's
 * ReadableStream, reporting text as it arrives. Throws an ApiError with the server's message.
 */
export async function streamChat(
  request: ChatRequest,
  callbacks: StreamCallbacks,
  signal?: AbortSignal,
): Promise<StreamResult> {
  const started = performance.now();
  let response: Response;
  try {
    response = await fetch('/v1/chat/completions', {
      method: 'POST',
      headers: consoleHeaders(true),
      body: JSON.stringify(streamingBody(request)),
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

  const result: StreamResult = {
    text: '',
    reasoning: '',
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
  let done = false;
  const handle = (payloads: string[]): void => {
    for (const payload of payloads) {
      if (payload.trim() === '[DONE]') {
        done = true;
        continue;
      }
      applyChunk(result, parsePayload(payload, response.status), started, callbacks);
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
  if (!done && result.finishReason === null) {
    throw new ApiError('The stream ended before the answer was complete.', {
      status: response.status,
      code: 'stream_incomplete',
    });
  }
  return result;
}

function parsePayload(payload: string, status: number): Chunk {
  let chunk: Chunk;
  try {
    chunk = JSON.parse(payload) as Chunk;
  } catch {
    throw new ApiError('The server sent a malformed stream chunk.', { status, code: 'malformed_chunk' });
  }
  if (chunk && chunk.error) throw apiErrorFromBody(status, chunk, 'The stream failed.');
  return chunk ?? {};
}

function applyChunk(result: StreamResult, chunk: Chunk, started: number, callbacks: StreamCallbacks): void {
  if (chunk.usage) result.usage = chunk.usage;
  for (const choice of chunk.choices ?? []) {
    if (choice.finish_reason) result.finishReason = choice.finish_reason;
    const content = choice.delta?.content;
    const reasoning = choice.delta?.reasoning_content;
    const hasContent = typeof content === 'string' && content.length > 0;
    const hasReasoning = typeof reasoning === 'string' && reasoning.length > 0;
    if (!hasContent && !hasReasoning) continue;
    // Time to first token counts reasoning tokens too: they are the first tokens the model sends.
    if (result.timeToFirstTokenMs === null) result.timeToFirstTokenMs = performance.now() - started;
    if (hasContent) result.text += content;
    if (hasReasoning) result.reasoning += reasoning;
    callbacks.onText(result.text, result.reasoning);
  }
}
