import { describe, expect, it } from 'vitest';
import { answerSchema, buildMessages, renderTemplate } from './label-prompts.ts';
import { ModelAnswerError } from './model-answer.ts';
import { suggestedValue } from './suggested-value.ts';

const record = { id: 'r1', text: '😀 库克在北京发布了 iPhone' };

describe('suggestions from model answers', () => {
  it('derives a strict JSON schema per label kind', () => {
    expect(answerSchema({ kind: 'classification', labels: ['a', 'b'], multiple: false })).toEqual({
      type: 'object',
      properties: { label: { type: 'string', enum: ['a', 'b'] } },
      required: ['label'],
      additionalProperties: false,
    });
    expect(answerSchema({ kind: 'rating', min: 1, max: 5 })).toMatchObject({
      properties: { rating: { type: 'integer', minimum: 1, maximum: 5 } },
    });
    expect(answerSchema({ kind: 'spans', labels: ['PER'] })).toMatchObject({
      properties: { entities: { type: 'array' } },
    });
  });

  it('finds entity offsets (code points) in CJK text from the mentions a model names', () => {
    const value = suggestedValue({ kind: 'spans', labels: ['PER', 'LOC', 'PRODUCT'] }, record, {
      entities: [
        { text: '北京', label: 'loc' },
        { text: '库克', label: 'PER' },
        { text: 'Android', label: 'PRODUCT' },
        { text: 'iPhone', label: 'GADGET' },
      ],
    });
    expect(value).toEqual({
      spans: [
        { start: 2, end: 4, label: 'PER', text: '库克' },
        { start: 5, end: 7, label: 'LOC', text: '北京' },
      ],
    });
  });

  it('accepts sloppy label case and synonyms, rejects answers outside the schema', () => {
    const schema = { kind: 'classification' as const, labels: ['positive', 'negative'], multiple: false };
    expect(suggestedValue(schema, record, { label: ' Positive ' })).toEqual({ choice: 'positive' });
    expect(suggestedValue(schema, record, 'negative')).toEqual({ choice: 'negative' });
    expect(() => suggestedValue(schema, record, { label: 'neutral' })).toThrow(ModelAnswerError);
    expect(
      suggestedValue({ kind: 'classification', labels: ['x', 'y'], multiple: true }, record, {
        labels: ['Y', 'x', 'z', 'x'],
      }),
    ).toEqual({ choices: ['y', 'x'] });
    expect(suggestedValue({ kind: 'rating', min: 1, max: 5 }, record, { rating: '4' })).toEqual({ rating: 4 });
    expect(() => suggestedValue({ kind: 'rating', min: 1, max: 5 }, record, { rating: 9 })).toThrow(ModelAnswerError);
  });

  it('renders prompt templates with the record and the project guidelines', () => {
    const messages = buildMessages({ kind: 'classification', labels: ['a', 'b'], multiple: false }, record, {
      template: 'Labels {{labels}} for: {{text}} {{unknown}}',
      instructions: 'Be strict.',
    });
    expect(messages[0]!.content).toContain('Be strict.');
    expect(messages[1]!.content).toBe('Labels a, b for: 😀 库克在北京发布了 iPhone {{unknown}}');
    expect(renderTemplate('{{ count }} pairs', { count: '3' })).toBe('3 pairs');
  });
});
