import { describe, expect, it } from 'vitest';
import { applyEvent, messagesBody, responsesBody, type StreamState } from './client-protocols.ts';

const fresh = (): StreamState => ({ text: '', reasoning: '', usage: null, finishReason: null, complete: false });
const request = {
  model: 'sim-reasoner',
  messages: [
    { role: 'system' as const, content: 'Be brief.' },
    { role: 'user' as const, content: 'Hi' },
  ],
  temperature: 1.5,
  reasoning: true,
};

describe('the playground request in each protocol', () => {
  it('moves the system prompt to instructions or system, asks for reasoning, keeps temperature in range', () => {
    expect(responsesBody(request)).toEqual({
      model: 'sim-reasoner',
      instructions: 'Be brief.',
      input: [{ role: 'user', content: 'Hi' }],
      temperature: 1.5,
      reasoning: { summary: 'auto' },
      stream: true,
    });
    expect(messagesBody(request)).toEqual({
      model: 'sim-reasoner',
      max_tokens: 1024,
      system: 'Be brief.',
      messages: [{ role: 'user', content: 'Hi' }],
      temperature: 1,
      thinking: { type: 'enabled', budget_tokens: 1024 },
      stream: true,
    });
  });
});

describe('reading streamed events of each protocol', () => {
  it('adds up Anthropic events: thinking, text, usage with cache reads, message_stop', () => {
    const state = fresh();
    const events = [
      { type: 'message_start', message: { id: 'msg_1', content: [] } },
      { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'Hmm.' } },
      { type: 'content_block_delta', index: 1, delta: { type: 'text_delta', text: 'Hello' } },
      { type: 'content_block_delta', index: 1, delta: { type: 'text_delta', text: '!' } },
      {
        type: 'message_delta',
        delta: { stop_reason: 'end_turn' },
        usage: { input_tokens: 7, cache_read_input_tokens: 3, output_tokens: 5 },
      },
    ];
    const added = events.map((event) => applyEvent('messages', state, JSON.stringify(event), 200));
    expect(added).toEqual([false, true, true, true, false]);
    expect(state.complete).toBe(false);
    applyEvent('messages', state, '{"type":"message_stop"}', 200);
    expect(state).toEqual({
      text: 'Hello!',
      reasoning: 'Hmm.',
      finishReason: 'end_turn',
      complete: true,
      usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15, prompt_tokens_details: { cached_tokens: 3 } },
    });
  });

  it('adds up Responses events and fails on an error event', () => {
    const state = fresh();
    applyEvent(
      'responses',
      state,
      JSON.stringify({ type: 'response.reasoning_summary_text.delta', delta: 'Think' }),
      200,
    );
    applyEvent('responses', state, JSON.stringify({ type: 'response.output_text.delta', delta: 'Hi' }), 200);
    applyEvent(
      'responses',
      state,
      JSON.stringify({
        type: 'response.completed',
        response: {
          status: 'completed',
          usage: { input_tokens: 4, output_tokens: 2, total_tokens: 6, input_tokens_details: { cached_tokens: 0 } },
        },
      }),
      200,
    );
    expect(state).toMatchObject({ text: 'Hi', reasoning: 'Think', complete: true, finishReason: 'completed' });
    expect(state.usage).toMatchObject({ prompt_tokens: 4, completion_tokens: 2, total_tokens: 6 });
    expect(() =>
      applyEvent(
        'responses',
        fresh(),
        JSON.stringify({ type: 'error', code: 'upstream_stream_cut', message: 'cut' }),
        200,
      ),
    ).toThrow('cut');
    expect(() =>
      applyEvent(
        'messages',
        fresh(),
        JSON.stringify({ type: 'error', error: { type: 'api_error', message: 'boom' } }),
        200,
      ),
    ).toThrow('boom');
  });
});
