import { describe, expect, it } from 'vitest';
import { KaiyuanError } from '../../util/errors.ts';
import { resolveAnthropicQuirks } from './anthropic-quirks.ts';
import { convertRequest } from './convert-request.ts';

const quirks = resolveAnthropicQuirks({});

describe('Anthropic convertRequest', () => {
  it('extracts the system prompt, defaults max_tokens and maps sampling parameters', () => {
    const request = convertRequest(
      {
        model: 'claude',
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'developer', content: [{ type: 'text', text: 'Answer in Chinese.' }] },
          { role: 'user', content: 'Hi' },
        ],
        temperature: 1.6,
        top_p: 0.9,
        stop: 'END',
        user: 'user-7',
      },
      'claude-sonnet-4-20250514',
      quirks,
      true,
    );
    expect(request).toEqual({
      model: 'claude-sonnet-4-20250514',
      system: 'Be brief.\n\nAnswer in Chinese.',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
      max_tokens: 4096,
      stream: true,
      temperature: 1,
      top_p: 0.9,
      stop_sequences: ['END'],
      metadata: { user_id: 'user-7' },
    });
  });

  it('translates tools, tool_choice, tool calls and tool results', () => {
    const request = convertRequest(
      {
        messages: [
          { role: 'user', content: 'Weather in Hangzhou?' },
          {
            role: 'assistant',
            content: null,
            tool_calls: [
              { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Hangzhou"}' } },
            ],
          },
          { role: 'tool', tool_call_id: 'call_1', content: '24°C, sunny' },
          { role: 'user', content: 'Thanks! And tomorrow?' },
        ],
        tools: [
          {
            type: 'function',
            function: {
              name: 'get_weather',
              description: 'Weather by city',
              parameters: { type: 'object', properties: { city: { type: 'string' } } },
            },
          },
        ],
        tool_choice: { type: 'function', function: { name: 'get_weather' } },
        parallel_tool_calls: false,
        max_completion_tokens: 300,
      },
      'claude',
      quirks,
      false,
    );
    expect(request.max_tokens).toBe(300);
    expect(request.tools).toEqual([
      {
        name: 'get_weather',
        description: 'Weather by city',
        input_schema: { type: 'object', properties: { city: { type: 'string' } } },
      },
    ]);
    expect(request.tool_choice).toEqual({ type: 'tool', name: 'get_weather', disable_parallel_tool_use: true });
    expect(request.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Weather in Hangzhou?' }] },
      {
        role: 'assistant',
        content: [{ type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Hangzhou' } }],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'call_1', content: '24°C, sunny' },
          { type: 'text', text: 'Thanks! And tomorrow?' },
        ],
      },
    ]);
  });

  it('maps tool_choice strings and images', () => {
    expect(convertRequest({ messages: [], tool_choice: 'required' }, 'm', quirks, false).tool_choice).toEqual({
      type: 'any',
    });
    expect(convertRequest({ messages: [], tool_choice: 'none' }, 'm', quirks, false).tool_choice).toEqual({
      type: 'none',
    });
    const request = convertRequest(
      {
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What is this?' },
              { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
              { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } },
            ],
          },
        ],
      },
      'm',
      quirks,
      false,
    );
    expect(request.messages[0].content.slice(1)).toEqual([
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
      { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
    ]);
  });

  it('rejects unsupported content with a 400 naming the parameter', () => {
    let thrown: unknown;
    try {
      convertRequest(
        { messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: {} }] }] },
        'm',
        quirks,
        false,
      );
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(KaiyuanError);
    expect(thrown).toMatchObject({ status: 400, param: 'messages[0].content[0].type' });
    expect(() => convertRequest({ messages: [], n: 2 }, 'm', quirks, false)).toThrow(/n must be 1/);
  });
});
