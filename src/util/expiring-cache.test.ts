import { describe, expect, it } from 'vitest';
import { ExpiringCache } from './expiring-cache.ts';

describe('expiring cache', () => {
  it('shares one load between concurrent misses and loads again after the TTL', async () => {
    const cache = new ExpiringCache<number>(1_000);
    let loads = 0;
    const load = async () => ++loads;
    const [first, second] = await Promise.all([cache.get('key', load, 0), cache.get('key', load, 10)]);
    expect([first, second, loads]).toEqual([1, 1, 1]);
    expect(await cache.get('key', load, 999)).toBe(1);
    expect(await cache.get('key', load, 1_000)).toBe(2);
  });

  it('does not keep a failed load', async () => {
    const cache = new ExpiringCache<string>(60_000);
    await expect(cache.get('key', () => Promise.reject(new Error('store down')))).rejects.toThrow('store down');
    expect(await cache.get('key', async () => 'loaded')).toBe('loaded');
  });

  it('peeks only at fresh entries whose load has finished', async () => {
    const cache = new ExpiringCache<string>(1_000);
    let finish: (value: string) => void = () => undefined;
    const pending = cache.get('key', () => new Promise<string>((resolve) => (finish = resolve)), 0);
    expect(cache.peek('key', 10)).toBeUndefined();
    finish('loaded');
    await pending;
    expect(cache.peek('key', 999)).toEqual({ value: 'loaded' });
    expect(cache.peek('key', 1_000)).toBeUndefined();
    expect(cache.peek('other', 10)).toBeUndefined();
    cache.delete('key');
    expect(cache.peek('key', 10)).toBeUndefined();
  });
});
