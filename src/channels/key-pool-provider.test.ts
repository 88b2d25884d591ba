import { describe, expect, it } from 'vitest';
import { ProviderError, type Provider, type ProviderCall } from '../providers/spec.ts';
import { isKeyProblem, keyPoolProvider, type PooledKey } from './key-pool-provider.ts';

function keyAnswering(id: string, status: number | null, calls: string[]): PooledKey {
  const provider = {
    name: 'channel',
    protocol: 'openai-compatible',
    streamUsage: true,
    async chat() {
      calls.push(id);
      if (status !== null) {
        throw new ProviderError('upstream_error', `status ${status}`, {
          upstreamStatus: status,
          phase: 'response',
          retryable: status >= 500 || status === 429,
          upstreamMessage: status === 429 ? 'You exceeded your current quota (insufficient_quota)' : 'bad key',
        });
      }
      return { text: '{}', json: {}, usage: undefined };
    },
    chatStream: async () => [],
  } as unknown as Provider;
  return { id, hint: id, provider, rejected: null };
}

const call = {} as ProviderCall;

describe('keyPoolProvider', () => {
  it('takes the keys in turn', async () => {
    const calls: string[] = [];
    const pool = keyPoolProvider([keyAnswering('a', null, calls), keyAnswering('b', null, calls)], () => undefined);
    for (let index = 0; index < 4; index++) await pool.chat(call);
    expect(calls).toEqual(['a', 'b', 'a', 'b']);
  });

  it('takes a refused key out and serves the same call with the next key', async () => {
    const calls: string[] = [];
    const rejected: string[] = [];
    const pool = keyPoolProvider(
      [keyAnswering('bad', 401, calls), keyAnswering('quota', 429, calls), keyAnswering('good', null, calls)],
      (key, reason) => rejected.push(`${key.id}:${reason.slice(0, 3)}`),
    );
    await pool.chat(call);
    await pool.chat(call);
    expect(calls).toEqual(['bad', 'quota', 'good', 'good']);
    expect(rejected).toEqual(['bad:401', 'quota:429']);
  });

  it('passes other upstream failures through without blaming the key', async () => {
    const calls: string[] = [];
    const rejected: string[] = [];
    const pool = keyPoolProvider([keyAnswering('a', 503, calls), keyAnswering('b', null, calls)], (key) =>
      rejected.push(key.id),
    );
    await expect(pool.chat(call)).rejects.toMatchObject({ upstreamStatus: 503 });
    expect(rejected).toEqual([]);
    expect(calls).toEqual(['a']);
  });

  it('says so when every key was refused', async () => {
    const calls: string[] = [];
    const pool = keyPoolProvider([keyAnswering('a', 403, calls)], () => undefined);
    await expect(pool.chat(call)).rejects.toMatchObject({ upstreamStatus: 403 });
    await expect(pool.chat(call)).rejects.toMatchObject({ code: 'upstream_keys_rejected' });
    expect(calls).toEqual(['a']);
  });

  it('tells a key problem from a rate limit', () => {
    const error = (status: number, message: string) =>
      new ProviderError('x', message, {
        upstreamStatus: status,
        phase: 'response',
        retryable: true,
        upstreamMessage: message,
      });
    expect(isKeyProblem(error(429, 'Rate limit reached for requests'))).toBe(false);
    expect(isKeyProblem(error(429, 'insufficient_quota'))).toBe(true);
    expect(isKeyProblem(error(401, 'invalid key'))).toBe(true);
    expect(isKeyProblem(error(500, 'boom'))).toBe(false);
  });
});
