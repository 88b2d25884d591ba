import { describe, expect, it } from 'vitest';
import { chunkModel, modelRewriter, withPublicModel } from './public-model.ts';

const result = (text: string) => ({ text, json: JSON.parse(text) as Record<string, unknown>, usage: undefined });

describe('withPublicModel', () => {
  it('replaces the top-level model in the text, keeping everything else byte for byte', () => {
    const text = '{"id":"c1","object":"chat.completion","model":"qwen/Qwen3-8B","choices":[{"index":0}],"x":1.50}';
    const out = withPublicModel(result(text), 'qwen3-8b');
    expect(out).toBe(text.replace('"model":"qwen/Qwen3-8B"', '"model":"qwen3-8b"'));
    expect(JSON.parse(out).model).toBe('qwen3-8b');
  });

  it('does not touch a nested member with the same name and value before the top-level one', () => {
    const text = '{"id":"c1","tool":{"model":"up"},"model":"up","choices":[]}';
    const out = JSON.parse(withPublicModel(result(text), 'public'));
    expect(out.tool.model).toBe('up');
    expect(out.model).toBe('public');
  });

  it('handles spaced JSON and a model string inside another string', () => {
    const text = '{ "note": "\\"model\\":\\"up\\"", "model" : "up" }';
    const out = JSON.parse(withPublicModel(result(text), 'public'));
    expect(out).toEqual({ note: '"model":"up"', model: 'public' });
  });

  it('returns the text itself when the model is already public or absent', () => {
    const text = '{"model":"public"}';
    expect(withPublicModel(result(text), 'public')).toBe(text);
    expect(withPublicModel(result('{"data":[]}'), 'public')).toBe('{"data":[]}');
  });
});

describe('modelRewriter', () => {
  it('rewrites compact and spaced chunks, and is absent when the names agree', () => {
    const rewrite = modelRewriter('up/model', 'public')!;
    expect(rewrite('{"id":"1","model":"up/model","choices":[]}')).toBe('{"id":"1","model":"public","choices":[]}');
    expect(rewrite('{"id":"1", "model": "up/model"}')).toBe('{"id":"1", "model":"public"}');
    expect(rewrite('{"id":"1","choices":[]}')).toBe('{"id":"1","choices":[]}');
    expect(modelRewriter('same', 'same')).toBeUndefined();
  });
});

describe('chunkModel', () => {
  it('reads the top-level model of compact, spaced, escaped and nested chunks', () => {
    expect(chunkModel('{"id":"c","object":"chat.completion.chunk","created":1,"model":"up/model","choices":[]}')).toBe(
      'up/model',
    );
    expect(chunkModel('{"id":"c", "model" : "spaced"}')).toBe('spaced');
    expect(chunkModel('{"id":"c","model":"with \\"quote\\""}')).toBe('with "quote"');
    expect(chunkModel('{"meta":{"model":"nested"},"model":"top"}')).toBe('top');
    expect(chunkModel('{"choices":[{"delta":{"content":"\\"model\\":\\"x\\""}}]}')).toBe('');
    expect(chunkModel('{"id":"c"}')).toBe('');
    expect(chunkModel('not json')).toBe('');
  });
});
