import { describe, expect, it } from 'vitest';
import { inputMessages } from './convert-responses-input.ts';
import { responsesRequestFacts, toChatRequest } from './convert-responses-request.ts';

describe('Responses API input as chat messages', () => {
  it('reads a string as one user message', () => {
    expect(inputMessages('Hello')).toEqual([{ role: 'user', content: 'Hello' }]);
  });

  it('keeps message items, folds function calls into one assistant turn and outputs into tool messages', () => {
    expect(
      inputMessages([
        { role: 'developer', content: 'Be brief.' },
        {
          type: 'message',
          role: 'user',
          content: [
            { type: 'input_text', text: 'Weather in ' },
            { type: 'input_text', text: 'Hangzhou?' },
          ],
        },
        { type: 'reasoning', id: 'rs_1', summary: [] },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Let me check.' }] },
        { type: 'function_call', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Hangzhou"}' },
        { type: 'function_call', call_id: 'call_2', name: 'get_time', arguments: '{}' },
        { type: 'function_call_output', call_id: 'call_1', output: '{"temperature":21}' },
        { type: 'function_call_output', call_id: 'call_2', output: [{ type: 'input_text', text: '12:00' }] },
      ]),
    ).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Weather in Hangzhou?' },
      {
        role: 'assistant',
        content: 'Let me check.',
        tool_calls: [
          { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Hangzhou"}' } },
          { id: 'call_2', type: 'function', function: { name: 'get_time', arguments: '{}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_1', content: '{"temperature":21}' },
      { role: 'tool', tool_call_id: 'call_2', content: '12:00' },
    ]);
  });

  it('passes images on as image parts', () => {
    expect(
      inputMessages([
        {
          role: 'user',
          content: [
            { type: 'input_text', text: 'What is it?' },
            { type: 'input_image', image_url: 'data:image/png;base64,AAAA', detail: 'low' },
          ],
        },
      ]),
    ).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is it?' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA', detail: 'low' } },
        ],
      },
    ]);
  });

  it('refuses items it cannot translate, naming where they are', () => {
    expect(() => inputMessages([{ type: 'item_reference', id: 'msg_1' }])).toThrow(
      expect.objectContaining({ status: 400, param: 'input[0].type' }),
    );
  });
});

describe('a Responses API request as a chat request', () => {
  it('puts the instructions before the conversation and maps tools, tool choice and format', () => {
    const body = {
      model: 'sim-chat',
      instructions: 'Answer in JSON.',
      max_output_tokens: 50,
      reasoning: { effort: 'low', summary: 'auto' },
      tools: [
        { type: 'function', name: 'lookup', description: 'Look up', parameters: { type: 'object' }, strict: true },
        { type: 'web_search' },
      ],
      tool_choice: { type: 'function', name: 'lookup' },
      text: { format: { type: 'json_schema', name: 'answer', schema: { type: 'object' }, strict: true } },
      stream: true,
    };
    const chat = toChatRequest(body, [{ role: 'user', content: 'hi' }]);
    expect(chat).toEqual({
      model: 'sim-chat',
      messages: [
        { role: 'system', content: 'Answer in JSON.' },
        { role: 'user', content: 'hi' },
      ],
      max_tokens: 50,
      reasoning_effort: 'low',
      tools: [
        {
          type: 'function',
          function: { name: 'lookup', description: 'Look up', parameters: { type: 'object' }, strict: true },
        },
      ],
      tool_choice: { type: 'function', function: { name: 'lookup' } },
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'answer', schema: { type: 'object' }, strict: true },
      },
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(responsesRequestFacts(body)).toMatchObject({ store: true, stream: true, summary: true });
  });

  it('refuses a request with nothing to answer, and background mode', () => {
    expect(() => toChatRequest({ model: 'm', instructions: 'x' }, [])).toThrow(
      expect.objectContaining({ status: 400, param: 'input' }),
    );
    expect(() => responsesRequestFacts({ model: 'm', background: true })).toThrow(
      expect.objectContaining({ status: 400, param: 'background' }),
    );
  });
});
