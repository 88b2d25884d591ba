import { describe, expect, it } from 'vitest';
import { completionContent, ModelAnswerError, parseModelJson, stripReasoning } from './model-answer.ts';

describe('model answers', () => {
  it('reads plain, fenced and prose-wrapped JSON', () => {
    expect(parseModelJson('{"label":"positive"}')).toEqual({ label: 'positive' });
    expect(parseModelJson('Here you go:\n```json\n{"label": "负面"}\n```\nDone.')).toEqual({ label: '负面' });
    expect(parseModelJson('The answer is {"rating": 4} as requested.')).toEqual({ rating: 4 });
  });

  it('ignores <think> blocks, also ones containing braces; an unclosed one is never read as the answer', () => {
    expect(parseModelJson('<think>maybe {"label":"negative"}? no…</think>\n{"label":"positive"}')).toEqual({
      label: 'positive',
    });
    expect(parseModelJson('{"label":"positive"}\n<think>afterthought {"label":"negative"}')).toEqual({
      label: 'positive',
    });
    // Cut off while reasoning: a JSON value inside the reasoning is not the answer.
    expect(() => parseModelJson('<think>\nreasoning without end\n{"label":"negative"}')).toThrow(
      /inside its reasoning/,
    );
    expect(stripReasoning('</think>{"a":1}')).toBe('{"a":1}');
  });

  it('repairs malformed JSON: trailing commas, single quotes, cut-off tails', () => {
    expect(parseModelJson("{'label': 'positive',}")).toEqual({ label: 'positive' });
    expect(parseModelJson('{"entities": [{"text": "北京", "label": "LOC"}, {"text": "Apple", "label": "ORG"')).toEqual({
      entities: [
        { text: '北京', label: 'LOC' },
        { text: 'Apple', label: 'ORG' },
      ],
    });
    expect(() => parseModelJson('I cannot help with that.')).toThrow(ModelAnswerError);
  });

  it('takes the content of a completion and never the reasoning_content', () => {
    const body = JSON.stringify({
      choices: [
        { message: { role: 'assistant', reasoning_content: '{"label":"wrong"}', content: '{"label":"right"}' } },
      ],
    });
    expect(parseModelJson(completionContent(body))).toEqual({ label: 'right' });
    expect(() => completionContent('not json')).toThrow(ModelAnswerError);
  });
});
