import type { SimulatedChoice } from './simulated-answer.ts';
import { splitTokens } from './simulated-tokens.ts';

/** One delta of a streamed choice, in the order a real model would emit them. */
export interface ChoiceDelta {
  index: number;
  delta: Record<string, unknown>;
  /** Tokens this delta costs (0 for the role header). */
  tokens: number;
  finishReason: string | null;
  /** The stop sequence that ended the choice (on the finishing delta). */
  stopReason?: string;
}

/** Breaks a choice into stream deltas: role, reasoning tokens, content tokens or tool-call fragments, finish. */
export function choiceDeltas(choice: SimulatedChoice, index: number): ChoiceDelta[] {
  const deltas: ChoiceDelta[] = [{ index, delta: { role: 'assistant', content: '' }, tokens: 0, finishReason: null }];
  if (choice.reasoning) {
    for (const piece of splitTokens(choice.reasoning))
      deltas.push({ index, delta: { reasoning_content: piece }, tokens: 1, finishReason: null });
  }
  if (choice.content) {
    for (const piece of splitTokens(choice.content))
      deltas.push({ index, delta: { content: piece }, tokens: 1, finishReason: null });
  }
  choice.toolCalls.forEach((call, callIndex) => {
    deltas.push({
      index,
      delta: {
        tool_calls: [{ index: callIndex, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }],
      },
      tokens: 1,
      finishReason: null,
    });
    for (const piece of splitTokens(call.arguments)) {
      deltas.push({
        index,
        delta: { tool_calls: [{ index: callIndex, function: { arguments: piece } }] },
        tokens: 1,
        finishReason: null,
      });
    }
  });
  deltas.push({
    index,
    delta: {},
    tokens: 0,
    finishReason: choice.finishReason,
    ...(choice.stopSequence !== undefined ? { stopReason: choice.stopSequence } : {}),
  });
  return deltas;
}

/** Interleaves the deltas of several choices round-robin, as upstreams do for n > 1. */
export function interleave(lists: ChoiceDelta[][]): ChoiceDelta[] {
  const result: ChoiceDelta[] = [];
  const longest = Math.max(0, ...lists.map((list) => list.length));
  for (let position = 0; position < longest; position++) {
    for (const list of lists) if (position < list.length) result.push(list[position]!);
  }
  return result;
}
