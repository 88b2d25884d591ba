import { describe, expect, it } from 'vitest';
import { formatJsonAnswer, formatToolArguments, parseToolDefinitions } from './tool-definitions.ts';

describe('the tool definitions box', () => {
  it('accepts Chat Completions tools and bare functions, and an empty box', () => {
    const parsed = parseToolDefinitions(
      '[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object"}}},{"name":"now","description":"Time"}]',
    );
    expect(parsed).toEqual({
      ok: true,
      tools: [
        { type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } },
        { type: 'function', function: { name: 'now', description: 'Time' } },
      ],
    });
    expect(parseToolDefinitions('  ')).toEqual({ ok: true, tools: [] });
  });

  it('names what is wrong: not JSON, not a list, or which entry', () => {
    expect(parseToolDefinitions('[{').ok).toBe(false);
    expect(parseToolDefinitions('[{')).toMatchObject({ error: { code: 'invalid_json' } });
    expect(parseToolDefinitions('{"name":"x"}')).toMatchObject({ error: { code: 'not_a_list' } });
    expect(parseToolDefinitions('[{"name":"ok"},{"name":"has space"}]')).toMatchObject({
      error: { code: 'invalid_tool', index: 1 },
    });
    expect(parseToolDefinitions('[{"name":"x","parameters":[]}]')).toMatchObject({ error: { index: 0 } });
    expect(parseToolDefinitions('[{"type":"web_search","function":{"name":"x"}}]')).toMatchObject({
      error: { index: 0 },
    });
  });

  it('shows arguments and JSON answers indented, and unparsable text as written', () => {
    expect(formatToolArguments('{"city":"杭州"}')).toBe('{\n  "city": "杭州"\n}');
    expect(formatToolArguments('{"city":')).toBe('{"city":');
    expect(formatJsonAnswer('{"a":1}')).toBe('{\n  "a": 1\n}');
    expect(formatJsonAnswer('"just a string"')).toBeNull();
    expect(formatJsonAnswer('not json')).toBeNull();
  });
});
