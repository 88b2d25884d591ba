import { describe, expect, it, vi } from 'vitest';
import { ProviderError } from '../spec.ts';
import { hasValue, looksLikeJsonObject, valueStart } from './json-probe.ts';
import { StreamChunkParser } from './parse-stream-chunk.ts';
import { resolveQuirks, type OpenAICompatibleQuirkSettings } from './quirks.ts';

const parser = (quirks: OpenAICompatibleQuirkSettings = {}) =>
  new StreamChunkParser(resolveQuirks(quirks), 'test', 1, true);

describe('json probes', () => {
  it('find keys with their value start, tolerating whitespace, and never inside strings', () => {
    expect(hasValue('{"usage": {"prompt_tokens":1}}', 'usage', '{')).toBe(true);
    expect(hasValue('{"usage":null}', 'usage', '{')).toBe(false);
    expect(hasValue('{"delta":{"content":"say \\"usage\\":{ now"}}', 'usage', '{')).toBe(false);
    expect(valueStart('{"finish_reason" : "stop"}', 'finish_reason')).toBe('"');
    expect(looksLikeJsonObject(' {"a":1}\n')).toBe(true);
    expect(looksLikeJsonObject('{"a":')).toBe(false);
  });
});

describe('StreamChunkParser', () => {
  it('passes plain content chunks through without parsing', () => {
    const data = '{"id":"x","choices":[{"index":0,"delta":{"content":"hi"},"finish_reason":null}],"usage":null}';
    expect(parser().parse(data, true)).toEqual({ data });
  });

  it('does not JSON.parse content chunks on the hot path', () => {
    const chunkParser = parser();
    const spy = vi.spyOn(JSON, 'parse');
    try {
      for (let index = 0; index < 100; index++) {
        chunkParser.parse(
          `{"id":"x","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"token ${index} \\"usage\\":{"},"logprobs":null,"finish_reason":null}],"usage":null}`,
          true,
        );
      }
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });

  it('with <think> tags expected, leaves the chunks the tags did not touch as they came', () => {
    const chunk = (content: string) =>
      `{"id":"x","choices":[{"index":0,"delta":{"content":${JSON.stringify(content)}},"finish_reason":null}]}`;
    const tagged = parser({ thinkTags: true });
    expect(tagged.parse(chunk(''), true).data).toBe(chunk(''));
    expect(tagged.parse(chunk('<think>why'), true).data).toBe(
      '{"id":"x","choices":[{"index":0,"delta":{"content":"","reasoning_content":"why"},"finish_reason":null}]}',
    );
    const plain = parser({ thinkTags: true });
    const [empty, hello] = [chunk(''), chunk('Hello')];
    const stringify = vi.spyOn(JSON, 'stringify');
    try {
      expect(plain.parse(empty, true).data).toBe(empty);
      expect(plain.parse(hello, true).data).toBe(hello);
      // Nothing re-serialized: the answer started without a tag.
      expect(stringify).not.toHaveBeenCalled();
    } finally {
      stringify.mockRestore();
    }
    // Text held back while it may start a tag goes out with the next piece.
    const held = parser({ thinkTags: true });
    expect(held.parse(chunk('<thi'), true).data).toBe(chunk(''));
    expect(held.parse(chunk('s is not a tag'), true).data).toBe(chunk('<this is not a tag'));
  });

  it('reports usage-only chunks and finish reasons', () => {
    const usage = parser().parse(
      '{"id":"x","choices":[],"usage":{"prompt_tokens":3,"completion_tokens":4,"total_tokens":7}}',
      true,
    );
    expect(usage).toMatchObject({ usageOnly: true, usage: { promptTokens: 3, completionTokens: 4 } });
    const finish = parser().parse('{"id":"x","choices":[{"index":0,"delta":{},"finish_reason":"length"}]}', true);
    expect(finish.finishReason).toBe('length');
  });

  it('re-serializes multi-line data onto one line', () => {
    const part = parser().parse('{"id":"x",\n"choices":[]}', true);
    expect(part.data).toBe('{"id":"x","choices":[]}');
  });

  it('throws for flat error objects (vLLM) and error_code bodies (Qianfan)', () => {
    expect(() =>
      parser().parse('{"object":"error","message":"boom","type":"InternalServerError","code":500}', true),
    ).toThrow(ProviderError);
    expect(() => parser().parse('{"error_code":336100,"error_msg":"internal error"}', false)).toThrow(/internal error/);
  });

  it('throws upstream_malformed_chunk for broken JSON that passes the cheap check', () => {
    try {
      parser().parse('{"choices":[{"finish_reason":"stop",}]}', true);
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: 'upstream_malformed_chunk', phase: 'stream' });
    }
  });

  it('finds usage, finish reasons, reasoning and errors in spaced JSON too (one-pass probe)', () => {
    const usage = parser().parse('{"choices": [], "usage" :\t{"prompt_tokens": 2, "completion_tokens": 5}}', true);
    expect(usage).toMatchObject({ usageOnly: true, usage: { promptTokens: 2, completionTokens: 5 } });
    const finish = parser().parse('{"choices": [{"delta": {}, "finish_reason"\r :  "stop"}]}', true);
    expect(finish.finishReason).toBe('stop');
    const reasoning = parser().parse('{"choices": [{"delta": {"reasoning" : "hm"}}]}', true);
    expect(JSON.parse(reasoning.data).choices[0].delta).toEqual({ reasoning_content: 'hm' });
    expect(() => parser().parse('{"error" : {"message": "quota"}}', true)).toThrow(/quota/);
    // The same keys as null values, or inside strings, leave the text untouched and unparsed.
    const quiet = '{"choices":[{"delta":{"content":"\\"usage\\": {"},"finish_reason" : null}],"usage" : null}';
    expect(parser().parse(quiet, true)).toEqual({ data: quiet });
  });
});
