import { useCallback, useRef, useState } from 'react';
import { errorMessage } from '../../api/api-error.ts';
import { streamChat } from '../../api/chat-stream.ts';
import { answerCost } from './answer-cost.ts';
import {
  buildRequest,
  editPoint,
  regenerationPoint,
  type ChatParameters,
  type ChatTurn,
  type ResendPoint,
} from './conversation.ts';

export { buildRequest, type AnswerStats, type ChatParameters, type ChatTurn } from './conversation.ts';

/**
 * One playground conversation: sends, streams the answer in, records its statistics, can stop,
 * regenerate the last answer and resend from an edited message. Compare mode runs two of these.
 */
export function useChatSession() {
  const [turns, setTurnsState] = useState<ChatTurn[]>([]);
  const turnsRef = useRef<ChatTurn[]>([]);
  const [busy, setBusy] = useState(false);
  const controllerRef = useRef<AbortController | null>(null);
  const nextIdRef = useRef(1);

  const setTurns = useCallback((change: (current: ChatTurn[]) => ChatTurn[]) => {
    turnsRef.current = change(turnsRef.current);
    setTurnsState(turnsRef.current);
  }, []);

  const update = useCallback(
    (id: number, change: Partial<ChatTurn>) =>
      setTurns((current) => current.map((turn) => (turn.id === id ? { ...turn, ...change } : turn))),
    [setTurns],
  );

  /** Replaces everything from `point.history` on with a new exchange and streams its answer. */
  const run = useCallback(
    async (parameters: ChatParameters, point: ResendPoint) => {
      if (!parameters.model || !point.message.trim() || controllerRef.current) return;
      const request = buildRequest(parameters, point.history, point.message);
      const userTurn: ChatTurn = { id: nextIdRef.current++, role: 'user', content: point.message };
      const answerId = nextIdRef.current++;
      const answer: ChatTurn = {
        id: answerId,
        role: 'assistant',
        content: '',
        model: parameters.model.id,
        status: 'streaming',
        ...(request.response_format ? { json: true } : {}),
      };
      setTurns(() => [...point.history, userTurn, answer]);
      const controller = new AbortController();
      controllerRef.current = controller;
      setBusy(true);
      const pricing = parameters.model.pricing;
      try {
        const result = await streamChat(
          request,
          {
            onText: (text, reasoning, toolCalls) =>
              update(answerId, { content: text, reasoning, ...(toolCalls.length > 0 ? { toolCalls } : {}) }),
          },
          controller.signal,
          parameters.api,
        );
        update(answerId, {
          content: result.text,
          reasoning: result.reasoning,
          ...(result.toolCalls.length > 0 ? { toolCalls: result.toolCalls } : {}),
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
        else
          update(answerId, {
            status: 'error',
            error: errorMessage(error),
            errorStatus: (error as { status?: number }).status,
          });
      } finally {
        controllerRef.current = null;
        setBusy(false);
      }
    },
    [setTurns, update],
  );

  const send = useCallback(
    (parameters: ChatParameters, message: string) => run(parameters, { history: turnsRef.current, message }),
    [run],
  );

  const regenerate = useCallback(
    async (parameters: ChatParameters) => {
      const point = regenerationPoint(turnsRef.current);
      if (point) await run(parameters, point);
    },
    [run],
  );

  const edit = useCallback(
    async (parameters: ChatParameters, ordinal: number, text: string) => {
      const point = editPoint(turnsRef.current, ordinal, text);
      if (point) await run(parameters, point);
    },
    [run],
  );

  const stop = useCallback(() => controllerRef.current?.abort(), []);

  /** Starts over, or (compare mode) from a copy of another conversation. */
  const reset = useCallback(
    (from: readonly ChatTurn[] = []) => {
      controllerRef.current?.abort();
      setTurns(() =>
        from.filter((turn) => turn.status !== 'streaming').map((turn) => ({ ...turn, id: nextIdRef.current++ })),
      );
    },
    [setTurns],
  );

  return { turns, busy, send, regenerate, edit, stop, reset };
}

export type ChatSession = ReturnType<typeof useChatSession>;
