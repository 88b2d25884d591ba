import { describe, expect, it } from 'vitest';
import { modalitiesOf } from './model-listing.ts';

describe('model modalities', () => {
  it('follow the capabilities', () => {
    expect(modalitiesOf(['chat', 'tools'])).toEqual({ input: ['text'], output: ['text'] });
    expect(modalitiesOf(['chat', 'vision'])).toEqual({ input: ['text', 'image'], output: ['text'] });
    expect(modalitiesOf(['embeddings'])).toEqual({ input: ['text'], output: ['embedding'] });
    expect(modalitiesOf(['rerank'])).toEqual({ input: ['text'], output: ['score'] });
    // No capabilities listed counts as a chat model.
    expect(modalitiesOf([])).toEqual({ input: ['text'], output: ['text'] });
  });
});
