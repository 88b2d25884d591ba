import type { ChatMessage, ChatRequest, ChatUsage, PlaygroundApi, StreamedToolCall } from '../../api/chat-stream.ts';
import { supportsJsonMode } from '../../api/client-protocols.ts';
import type { CatalogModel } from '../../api/models-api.ts';
import type { Cost } from './answer-cost.ts';
import { parseToolDefinitions } from './tool-definitions.ts';

/**
 * The playground conversation as plain data, and what regenerating an answer or editing a message
 * does to it. The hook (use-chat-session.ts) only adds streaming and React state around these.
 */
export interface AnswerStats {
  usage: ChatUsage | null;
  cost: Cost | null;
  latencyMs: number;
  timeToFirstTokenMs: number | null;
  deployment: string | null;
  requestId: string | null;
}

export interface ChatTurn {
  id: number;
  role: 'user' | 'assistant';
  content: string;
  reasoning?: string;
  /** Functions the model asked to call (tools switched on). */
  toolCalls?: readonly StreamedToolCall[];
  /** The answer was asked for in JSON mode. */
  json?: boolean;
  model?: string;
  status?: 'streaming' | 'done' | 'stopped' | 'error';
  error?: string;
  /** HTTP status of a failed answer (402: quota used up). */
  errorStatus?: number;
  stats?: AnswerStats;
}

export interface ChatParameters {
  /** The protocol the model is called through: Chat Completions, Responses or Messages. */
  api: PlaygroundApi;
  model: CatalogModel | null;
  systemPrompt: string;
  temperature: number | null;
  maxTokens: number | null;
  /** Ask for a JSON object (`response_format: json_object`); not offered for the Messages API. */
  jsonMode: boolean;
  /** Send the tool definitions below as `tools`. */
  toolsEnabled: boolean;
  /** The tool definitions as the user wrote them (a JSON array). */
  toolsText: string;
}

/** The request the conversation so far (plus an optional new message) makes. */
export function buildRequest(parameters: ChatParameters, turns: readonly ChatTurn[], newMessage?: string): ChatRequest {
  const messages: ChatMessage[] = [];
  if (parameters.systemPrompt.trim()) messages.push({ role: 'system', content: parameters.systemPrompt });
  for (const turn of turns) {
    if (turn.role === 'assistant' && turn.status !== 'done' && turn.status !== 'stopped') continue;
    // An answer that only called tools has no text to send back (the playground runs no tools).
    if (turn.content.length > 0) messages.push({ role: turn.role, content: turn.content });
  }
  if (newMessage !== undefined && newMessage.trim()) messages.push({ role: 'user', content: newMessage });
  const request: ChatRequest = { model: parameters.model?.id ?? '', messages };
  if (parameters.temperature !== null) request.temperature = parameters.temperature;
  if (parameters.maxTokens !== null) request.max_tokens = parameters.maxTokens;
  if (parameters.model?.capabilities.includes('reasoning')) request.reasoning = true;
  if (parameters.jsonMode && supportsJsonMode(parameters.api)) request.response_format = { type: 'json_object' };
  if (parameters.toolsEnabled) {
    const parsed = parseToolDefinitions(parameters.toolsText);
    if (parsed.ok && parsed.tools.length > 0) request.tools = parsed.tools;
  }
  return request;
}

/** Where a new exchange starts: the turns kept before it and the user message it sends. */
export interface ResendPoint {
  history: ChatTurn[];
  message: string;
}

/** Regenerating the last answer: the same user message again, after the turns before it. */
export function regenerationPoint(turns: readonly ChatTurn[]): ResendPoint | null {
  const last = turns[turns.length - 1];
  if (!last || last.role !== 'assistant' || last.status === 'streaming') return null;
  const userIndex = turns.length - 2;
  const user = turns[userIndex];
  if (!user || user.role !== 'user') return null;
  return { history: turns.slice(0, userIndex), message: user.content };
}

/**
 * Editing the `ordinal`-th user message (0 = the first) and sending it again: the turns before it
 * stay, the message and everything after it are replaced by the new exchange.
 */
export function editPoint(turns: readonly ChatTurn[], ordinal: number, text: string): ResendPoint | null {
  if (!text.trim()) return null;
  let seen = -1;
  const index = turns.findIndex((turn) => turn.role === 'user' && ++seen === ordinal);
  if (index < 0) return null;
  return { history: turns.slice(0, index), message: text };
}

/** The place of a user turn among the user turns (what editPoint takes), or -1. */
export function userOrdinal(turns: readonly ChatTurn[], id: number): number {
  return turns.filter((turn) => turn.role === 'user').findIndex((turn) => turn.id === id);
}

/** Whether the send button may send: a model, a message, and tool definitions that parse. */
export function sendBlocker(parameters: ChatParameters): 'no-model' | 'invalid-tools' | null {
  if (!parameters.model) return 'no-model';
  if (parameters.toolsEnabled && !parseToolDefinitions(parameters.toolsText).ok) return 'invalid-tools';
  return null;
}
