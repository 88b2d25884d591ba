import { describe, expect, it } from 'vitest';
import { KaiyuanError, errorBody, invalidRequest } from './errors.ts';

describe('error bodies', () => {
  it('carry the params the message names, for clients that translate the code', () => {
    const error = new KaiyuanError('file_too_large', 'The file is larger than the upload limit of 5 MB.', {
      status: 400,
      type: 'invalid_request_error',
      param: 'file',
      params: { limitMb: 5 },
    });
    expect(errorBody(error)).toEqual({
      error: {
        message: 'The file is larger than the upload limit of 5 MB.',
        type: 'invalid_request_error',
        param: 'file',
        code: 'file_too_large',
        params: { limitMb: 5 },
      },
    });
  });

  it('keep the OpenAI shape exactly when there are none', () => {
    expect(Object.keys(errorBody(invalidRequest('Bad.', 'model')).error)).toEqual(['message', 'type', 'param', 'code']);
  });
});
