import { describe, expect, it } from 'vitest';
import { chunk, labelFor, parsePredictionFile } from './prediction-file.ts';

describe('predictions file', () => {
  it('reads JSON Lines, names each bad line with its number, and keeps the good ones in order', () => {
    const text = [
      '\uFEFF{"recordId":"r1","label":{"choice":"positive"},"score":0.93}',
      '',
      '{"taskId":"lbt_2","label":"negative","confidence":0.4}',
      '{"recordId": "r3", "label": ',
      '{"label":"positive"}',
      '{"id":"r5"}',
      '{"id":"r6","label":"positive","score":1.5}',
      '[1,2]',
      '{"external_id":"r8","prediction":"neutral"}',
    ].join('\n');
    const parsed = parsePredictionFile(text, 'classification');
    expect(parsed.predictions).toEqual([
      { recordId: 'r1', label: { choice: 'positive' }, score: 0.93 },
      { taskId: 'lbt_2', label: { choice: 'negative' }, score: 0.4 },
      { recordId: 'r8', label: { choice: 'neutral' } },
    ]);
    expect(parsed.lines).toEqual([1, 3, 9]);
    expect(parsed.problems.map((problem) => [problem.line, problem.code])).toEqual([
      [4, 'invalid_json'],
      [5, 'missing_task'],
      [6, 'missing_label'],
      [7, 'invalid_score'],
      [8, 'not_an_object'],
    ]);
    expect(parsed.model).toBeNull();
  });

  it('reads a JSON array and the {model, predictions} wrapper, pretty-printed or not', () => {
    const array = parsePredictionFile('[{"recordId":"r1","label":4},{"recordId":"r2"}]', 'rating');
    expect(array.predictions).toEqual([{ recordId: 'r1', label: { rating: 4 } }]);
    expect(array.problems).toEqual([{ line: 2, code: 'missing_label' }]);
    const wrapper = JSON.stringify(
      { model: ' bert-v2 ', predictions: [{ taskId: 't1', label: 'a', score: 0 }] },
      null,
      2,
    );
    const parsed = parsePredictionFile(wrapper, 'preference');
    expect(parsed.model).toBe('bert-v2');
    expect(parsed.predictions).toEqual([{ taskId: 't1', label: { preferred: 'a' }, score: 0 }]);
    expect(parsePredictionFile(JSON.stringify({ model: 'm', predictions: [] }), 'rating').predictions).toEqual([]);
  });

  it('wraps bare values by the project kind and passes objects to the server unchanged', () => {
    expect(labelFor('x', 'classification', true)).toEqual({ choices: ['x'] });
    expect(labelFor(['x', 'y'], 'classification', true)).toEqual({ choices: ['x', 'y'] });
    expect(labelFor('3', 'rating', false)).toEqual({ rating: 3 });
    expect(labelFor('tie', 'preference', false)).toEqual({ preferred: 'tie' });
    expect(labelFor('An answer', 'response', false)).toEqual({ answer: 'An answer' });
    expect(labelFor([{ start: 0, end: 2, label: 'ORG' }], 'spans', false)).toEqual({
      spans: [{ start: 0, end: 2, label: 'ORG' }],
    });
    expect(labelFor({ choice: 'kept' }, 'classification', false)).toEqual({ choice: 'kept' });
    expect(labelFor('not a number', 'rating', false)).toBe('not a number');
  });

  it('splits large files into requests the API accepts', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunk([], 2)).toEqual([]);
  });
});
