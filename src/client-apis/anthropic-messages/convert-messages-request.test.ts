import { describe, expect, it } from 'vitest';
import { toChatRequest } from './convert-messages-request.ts';

describe('an Anthropic Messages request as a chat request', () => {
  it('puts the system prompt first and keeps the turns, text blocks joined', () => {
    const chat = toChatRequest({
      model: 'sim-chat',
      max_tokens: 100,
      system: [
        { type: 'text', text: 'You are terse.' },
        { type: 'text', text: 'Answer in English.', cache_control: { type: 'ephemeral' } },
      ],
      messages: [
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: [{ type: 'text', text: 'Hello.' }] },
        { role: 'user', content: [{ type: 'text', text: 'Weather?' }] },
      ],
      temperature: 0.2,
      stop_sequences: ['END'],
      metadata: { user_id: 'u-1' },
    });
    expect(chat).toEqual({
      model: 'sim-chat',
      max_tokens: 100,
      temperature: 0.2,
      stop: ['END'],
      user: 'u-1',
      messages: [
        { role: 'system', content: 'You are terse.\n\nAnswer in English.' },
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello.' },
        { role: 'user', content: 'Weather?' },
      ],
    });
  });

  it('turns tool use into tool calls and tool results into tool messages right after them', () => {
    const chat = toChatRequest({
      model: 'm',
      max_tokens: 10,
      tools: [
        { name: 'read_file', description: 'Read a file', input_schema: { type: 'object', properties: { path: {} } } },
        { type: 'web_search_20250305', name: 'web_search' },
      ],
      tool_choice: { type: 'any', disable_parallel_tool_use: true },
      messages: [
        { role: 'user', content: 'Read a.txt' },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'I should read it.', signature: 'x' },
            { type: 'text', text: 'Reading.' },
            { type: 'tool_use', id: 'toolu_1', name: 'read_file', input: { path: 'a.txt' } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: 'hello' }] },
            { type: 'text', text: 'Now summarise.' },
          ],
        },
        {
          role: 'assistant',
          content: [{ type: 'tool_use', id: 'toolu_2', name: 'read_file', input: { path: 'b.txt' } }],
        },
        {
          role: 'user',
          content: [{ type: 'tool_result', tool_use_id: 'toolu_2', content: 'missing', is_error: true }],
        },
      ],
    });
    expect(chat.tools).toEqual([
      {
        type: 'function',
        function: {
          name: 'read_file',
          description: 'Read a file',
          parameters: { type: 'object', properties: { path: {} } },
        },
      },
    ]);
    expect(chat.tool_choice).toBe('required');
    expect(chat.parallel_tool_calls).toBe(false);
    expect(chat.messages).toEqual([
      { role: 'user', content: 'Read a.txt' },
      {
        role: 'assistant',
        content: 'Reading.',
        tool_calls: [
          { id: 'toolu_1', type: 'function', function: { name: 'read_file', arguments: '{"path":"a.txt"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'toolu_1', content: 'hello' },
      { role: 'user', content: 'Now summarise.' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'toolu_2', type: 'function', function: { name: 'read_file', arguments: '{"path":"b.txt"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'toolu_2', content: 'Error: missing' },
    ]);
  });

  it('names a tool the client must use, and streams with usage', () => {
    const chat = toChatRequest({
      model: 'm',
      max_tokens: 10,
      stream: true,
      tools: [{ name: 'lookup', input_schema: { type: 'object' } }],
      tool_choice: { type: 'tool', name: 'lookup' },
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(chat.tool_choice).toEqual({ type: 'function', function: { name: 'lookup' } });
    expect(chat.stream).toBe(true);
    expect(chat.stream_options).toEqual({ include_usage: true });
  });

  it('passes images on as image parts (base64 as data URLs)', () => {
    const chat = toChatRequest({
      model: 'm',
      max_tokens: 10,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
            { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
            { type: 'text', text: 'What is this?' },
          ],
        },
      ],
    });
    expect(chat.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
          { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } },
          { type: 'text', text: 'What is this?' },
        ],
      },
    ]);
  });

  it('refuses content blocks it cannot translate, naming where they are', () => {
    expect(() =>
      toChatRequest({
        model: 'm',
        max_tokens: 10,
        messages: [{ role: 'user', content: [{ type: 'search_result', source: 'x' }] }],
      }),
    ).toThrow(expect.objectContaining({ status: 400, param: 'messages[0].content[0].type' }));
  });
});
