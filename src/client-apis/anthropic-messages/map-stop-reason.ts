/** OpenAI's finish_reason → Anthropic's stop_reason (and the stop sequence that matched, if known). */
export function mapFinishReason(
  finishReason: string | null,
  stopSequence: string | null,
  requested: readonly string[],
): { stop_reason: string; stop_sequence: string | null } {
  switch (finishReason) {
    case 'length':
      return { stop_reason: 'max_tokens', stop_sequence: null };
    case 'tool_calls':
    case 'function_call':
      return { stop_reason: 'tool_use', stop_sequence: null };
    case 'content_filter':
      return { stop_reason: 'refusal', stop_sequence: null };
  }
  if (stopSequence !== null && requested.includes(stopSequence))
    return { stop_reason: 'stop_sequence', stop_sequence: stopSequence };
  return { stop_reason: 'end_turn', stop_sequence: null };
}
