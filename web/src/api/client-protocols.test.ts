import { describe, expect, it } from 'vitest';
import { applyEvent, chatBody, emptyStreamState, messagesBody, responsesBody } from './client-protocols.ts';

const fresh = emptyStreamState;
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
      toolCalls: [],
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

describe('tools and JSON mode in each protocol', () => {
  const tools = [
    {
      type: 'function' as const,
      function: { name: 'get_weather', description: 'Weather of a city', parameters: { type: 'object' } },
    },
  ];
  const withTools = { model: 'sim-chat', messages: [{ role: 'user' as const, content: 'Hi' }], tools };

  it('sends tools and response_format as Chat Completions fields', () => {
    expect(chatBody({ ...withTools, response_format: { type: 'json_object' } })).toMatchObject({
      tools,
      response_format: { type: 'json_object' },
    });
  });

  it('flattens tools and moves JSON mode to text.format for Responses', () => {
    const body = responsesBody({ ...withTools, response_format: { type: 'json_object' } });
    expect(body.tools).toEqual([
      { type: 'function', name: 'get_weather', description: 'Weather of a city', parameters: { type: 'object' } },
    ]);
    expect(body.text).toEqual({ format: { type: 'json_object' } });
  });

  it('writes input_schema for Messages and leaves out JSON mode, which Anthropic does not have', () => {
    const body = messagesBody({
      ...withTools,
      tools: [...tools, { type: 'function', function: { name: 'now' } }],
      response_format: { type: 'json_object' },
    });
    expect(body.tools).toEqual([
      { name: 'get_weather', description: 'Weather of a city', input_schema: { type: 'object' } },
      { name: 'now', input_schema: { type: 'object', properties: {} } },
    ]);
    expect(body).not.toHaveProperty('text');
    expect(body).not.toHaveProperty('response_format');
  });

  it('puts streamed tool calls together in every protocol', () => {
    const chat = fresh();
    for (const delta of [
      { tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '' } }] },
      { tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] },
      { tool_calls: [{ index: 0, function: { arguments: '"Hangzhou"}' } }] },
    ])
      applyEvent('chat', chat, JSON.stringify({ choices: [{ index: 0, delta }] }), 200);
    applyEvent('chat', chat, JSON.stringify({ choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] }), 200);
    const expected = [{ index: 0, id: 'call_1', name: 'get_weather', arguments: '{"city":"Hangzhou"}' }];
    expect(chat.toolCalls).toEqual(expected);
    expect(chat.finishReason).toBe('tool_calls');

    const responses = fresh();
    for (const event of [
      {
        type: 'response.output_item.added',
        output_index: 0,
        item: { type: 'function_call', id: 'fc_1', call_id: 'call_1', name: 'get_weather', arguments: '' },
      },
      { type: 'response.function_call_arguments.delta', output_index: 0, delta: '{"city":' },
      { type: 'response.function_call_arguments.delta', output_index: 0, delta: '"Hangzhou"}' },
    ])
      applyEvent('responses', responses, JSON.stringify(event), 200);
    expect(responses.toolCalls).toEqual(expected);

    const messages = fresh();
    for (const event of [
      {
        type: 'content_block_start',
        index: 0,
        content_block: { type: 'tool_use', id: 'call_1', name: 'get_weather', input: {} },
      },
      { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '{"city":' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '"Hangzhou"}' } },
    ])
      applyEvent('messages', messages, JSON.stringify(event), 200);
    expect(messages.toolCalls).toEqual(expected);
  });
});
