import { Agent } from 'undici';
import { describe, expect, it } from 'vitest';
import { createProvider } from './create-provider.ts';

describe('createProvider', () => {
  const settings = {
    name: 'p',
    baseUrl: 'http://127.0.0.1:1/v1',
    headers: () => ({}),
    dispatcher: new Agent(),
  };

  it('builds a provider per protocol', () => {
    expect(createProvider({ ...settings, protocol: 'openai-compatible', quirks: {} })).toMatchObject({
      name: 'p',
      protocol: 'openai-compatible',
      streamUsage: true,
    });
    expect(createProvider({ ...settings, protocol: 'anthropic', quirks: {} })).toMatchObject({
      name: 'p',
      protocol: 'anthropic',
      streamUsage: true,
    });
  });

  it('takes streamUsage from the quirks', () => {
    const provider = createProvider({ ...settings, protocol: 'openai-compatible', quirks: { streamUsage: false } });
    expect(provider.streamUsage).toBe(false);
  });

  it('rejects an unknown protocol', () => {
    expect(() => createProvider({ ...settings, protocol: 'grpc', quirks: {} } as never)).toThrow(
      /Unknown provider protocol 'grpc'/,
    );
  });
});
