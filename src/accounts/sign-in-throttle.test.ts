import { afterEach, describe, expect, it } from 'vitest';
import { createTestCommerce, type TestCommerce } from '../../test/support/test-commerce.ts';
import { testRedisUrl } from '../../test/support/test-redis.ts';

/** Memory counters always; Redis counters (shared by replicas) when the machine has Redis. */
const limiters: Array<'memory' | 'redis'> = testRedisUrl ? ['memory', 'redis'] : ['memory'];

describe.each(limiters)('sign-in throttle with %s counters', (limiter) => {
  let context: TestCommerce | null = null;
  afterEach(async () => {
    await context?.close();
    context = null;
  });

  async function setUp() {
    context = await createTestCommerce('sqlite', { redisUrl: limiter === 'redis' ? testRedisUrl : null });
    await context.commerce.consoleAuth.setup({
      email: 'owner@example.com',
      password: 'correct horse',
      name: 'Owner',
      orgName: 'Kaiyuan',
    });
    return context.commerce.consoleAuth;
  }

  const at = (address: string, deviceToken: string | null = null) => ({ address, deviceToken });

  it('holds under 40 concurrent guesses: at most the counter’s slots are checked, the rest get 429 with Retry-After', async () => {
    const auth = await setUp();
    const guesses = Array.from({ length: 40 }, (_, index) =>
      auth.login('owner@example.com', `wrong-${index}`, at('198.51.100.1')).catch((error) => error),
    );
    const outcomes = await Promise.all(guesses);
    const refused = outcomes.filter((outcome) => outcome.status === 429);
    const checked = outcomes.filter((outcome) => outcome.status === 401);
    expect(checked.length).toBeLessThanOrEqual(5);
    expect(refused.length).toBe(40 - checked.length);
    expect(refused[0].retryAfterMs).toBeGreaterThan(0);
    // The right password from the guessing address is refused too: it gets no extra try.
    await expect(auth.login('owner@example.com', 'correct horse', at('198.51.100.1'))).rejects.toMatchObject({
      status: 429,
    });
    // The owner elsewhere is not locked out.
    const signedIn = await auth.login('owner@example.com', 'correct horse', at('192.0.2.10'));
    expect(signedIn.user.email).toBe('owner@example.com');
  });

  it('limits one address across many accounts (a sign-in flood)', async () => {
    const auth = await setUp();
    const outcomes: number[] = [];
    for (let index = 0; index < 25; index++) {
      const outcome = await auth
        .login(`someone-${index}@example.com`, 'guess-guess', at('198.51.100.2'))
        .catch((error) => error.status as number);
      outcomes.push(outcome as number);
    }
    expect(outcomes.filter((status) => status === 401)).toHaveLength(20);
    expect(outcomes.slice(20)).toEqual([429, 429, 429, 429, 429]);
  });

  it('guesses from many addresses cannot lock out a browser that signed in before', async () => {
    const auth = await setUp();
    const { deviceToken } = await auth.login('owner@example.com', 'correct horse', at('192.0.2.20'));
    for (let address = 1; address <= 12; address++) {
      for (let guess = 0; guess < 5; guess++) {
        await auth.login('owner@example.com', `wrong-${guess}`, at(`203.0.113.${address}`)).catch(() => undefined);
      }
    }
    // The account-wide counter is spent: a new browser is refused …
    await expect(auth.login('owner@example.com', 'correct horse', at('192.0.2.30'))).rejects.toMatchObject({
      status: 429,
    });
    // … the owner's browser is not, even from a new address; a forged device token does not count.
    await expect(auth.login('owner@example.com', 'correct horse', at('192.0.2.31', deviceToken))).resolves.toBeTruthy();
    await expect(
      auth.login('owner@example.com', 'correct horse', at('192.0.2.32', `${deviceToken.split('.')[0]}.forged`)),
    ).rejects.toMatchObject({ status: 429 });
  });
});
