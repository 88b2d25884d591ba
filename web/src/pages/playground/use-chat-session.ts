import { useCallback, useRef, useState } from 'react';
import { errorMessage } from '../../api/api-error.ts';
import {
  streamChat,
  type ChatMessage,
  type ChatRequest,
  type ChatUsage,
  type PlaygroundApi,
} from '../../api/chat-stream.ts';
import type { CatalogModel } from '../../api/models-api.ts';
import { answerCost, type Cost } from './answer-cost.ts';

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
  model?: string;
  status?: 'streaming' | 'done' | 'stopped' | 'error';
  error?: string;
  stats?: AnswerStats;
}

export interface ChatParameters {
  /** The protocol the model is called through: Chat Completions, Responses or Messages. */
  api: PlaygroundApi;
  model: CatalogModel | null;
  systemPrompt: string;
  temperature: number | null;
  maxTokens: number | null;
}

/** The request the conversation so far (plus an optional new message) makes. */
export function buildRequest(parameters: ChatParameters, turns: readonly ChatTurn[], newMessage?: string): ChatRequest {
  const messages: ChatMessage[] = [];
  if (parameters.systemPrompt.trim()) messages.push({ role: 'system', content: parameters.systemPrompt });
  for (const turn of turns) {
    if (turn.role === 'assistant' && turn.status !== 'done' && turn.status !== 'stopped') continue;
    if (turn.content.length > 0) messages.push({ role: turn.role, content: turn.content });
  }
  if (newMessage !== undefined && newMessage.trim()) messages.push({ role: 'user', content: newMessage });
  const request: ChatRequest = { model: parameters.model?.id ?? '', messages };
  if (parameters.temperature !== null) request.temperature = parameters.temperature;
  if (parameters.maxTokens !== null) request.max_tokens = parameters.maxTokens;
  if (parameters.model?.capabilities.includes('reasoning')) request.reasoning = true;
  return request;
}

/** One playground conversation: sends, streams the answer in, records its statistics, can stop. */
export function useChatSession() {
  const [turns, setTurns] = useState<ChatTurn[]>([]);
  const [busy, setBusy] = useState(false);
  const controllerRef = useRef<AbortController | null>(null);
  const nextIdRef = useRef(1);

  const update = useCallback((id: number, change: Partial<ChatTurn>) => {
    setTurns((current) => current.map((turn) => (turn.id === id ? { ...turn, ...change } : turn)));
  }, []);

  const send = useCallback(
    async (parameters: ChatParameters, message: string) => {
      if (!parameters.model || !message.trim() || controllerRef.current) return;
      const request = buildRequest(parameters, turns, message);
      const userTurn: ChatTurn = { id: nextIdRef.current++, role: 'user', content: message };
      const answerId = nextIdRef.current++;
      const answer: ChatTurn = {
        id: answerId,
        role: 'assistant',
        content: '',
        model: parameters.model.id,
        status: 'streaming',
      };
      setTurns((current) => [...current, userTurn, answer]);
      const controller = new AbortController();
      controllerRef.current = controller;
      setBusy(true);
      const pricing = parameters.model.pricing;
      try {
        const result = await streamChat(
          request,
          { onText: (text, reasoning) => update(answerId, { content: text, reasoning }) },
          controller.signal,
          parameters.api,
        );
        update(answerId, {
          content: result.text,
          reasoning: result.reasoning,
          status: 'done',
          stats: {
            usage: result.usage,
            cost: answerCost(result.usage, pricing),
            latencyMs: result.latencyMs,
            timeToFirstTokenMs: result.timeToFirstTokenMs,
            deployment: result.deployment,
            requestId: result.requestId,
          },
        });
      } catch (error) {
        if ((error as Error).name === 'AbortError') update(answerId, { status: 'stopped' });
        else update(answerId, { status: 'error', error: errorMessage(error) });
      } finally {
        controllerRef.current = null;
        setBusy(false);
      }
    },
    [turns, update],
  );

  const stop = useCallback(() => controllerRef.current?.abort(), []);
  const clear = useCallback(() => {
    controllerRef.current?.abort();
    setTurns([]);
  }, []);

  return { turns, busy, send, stop, clear };
}
