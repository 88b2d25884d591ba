import { Agent } from 'undici';
import { describe, expect, it } from 'vitest';
import { createProvider } from './create-provider.ts';

describe('createProvider', () => {
  const settings = {
    name: 'p',
    baseUrl: 'http://127.0.0.1:1/v1',
    headers: () => ({}),
    dispatcher: new Agent(),
    quirks: {},
  };

  it('builds a provider per protocol', () => {
    expect(createProvider('openai-compatible', settings)).toMatchObject({
      name: 'p',
      protocol: 'openai-compatible',
      streamUsage: true,
    });
    expect(createProvider('anthropic', settings)).toMatchObject({
      name: 'p',
      protocol: 'anthropic',
      streamUsage: true,
    });
  });

  it('takes streamUsage from the quirks', () => {
    expect(createProvider('openai-compatible', { ...settings, quirks: { streamUsage: false } }).streamUsage).toBe(
      false,
    );
  });

  it('rejects an unknown protocol', () => {
    expect(() => createProvider('grpc' as never, settings)).toThrow(/Unknown provider protocol/);
  });
});
