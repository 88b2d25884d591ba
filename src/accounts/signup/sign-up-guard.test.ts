import { afterAll, describe, expect, it } from 'vitest';
import { connectTestRedis, testRedisUrl, uniqueRedisPrefix } from '../../../test/support/test-redis.ts';
import { signupSchema } from '../../config/signup-schema.ts';
import { RedisRateLimiter } from '../../limits/redis-rate-limiter.ts';
import { MemoryRateLimiter } from '../../limits/memory-rate-limiter.ts';
import { SignUpGuard } from './sign-up-guard.ts';

const config = signupSchema.parse({ perIpPerHour: 3 });

describe('sign-up guard', () => {
  it('refuses disposable-mail domains from the list and the operator extra domains, case-insensitively', async () => {
    const guard = new SignUpGuard(
      signupSchema.parse({ extraBlockedDomains: ['Burner.Example'] }),
      new MemoryRateLimiter(),
      null,
    );
    for (const email of ['a@mailinator.com', 'b@YOPMAIL.com', 'c@burner.example'])
      await expect(guard.check({ email, ip: '1.1.1.1' }), email).rejects.toMatchObject({ code: 'disposable_email' });
    await guard.check({ email: 'd@example.com', ip: '1.1.1.1' });
  });

  describe.runIf(testRedisUrl)('on Redis', () => {
    const connections = [connectTestRedis(), connectTestRedis()];
    afterAll(() => connections.forEach((connection) => connection.disconnect()));

    it('shares the per-IP limit between replicas', async () => {
      const prefix = uniqueRedisPrefix('signup-ip');
      const [first, second] = connections.map(
        (connection) => new SignUpGuard(config, new RedisRateLimiter(connection, prefix), null),
      );
      await first!.check({ email: 'a@example.com', ip: '10.9.0.1' });
      await second!.check({ email: 'b@example.com', ip: '10.9.0.1' });
      await first!.check({ email: 'c@example.com', ip: '10.9.0.1' });
      await expect(second!.check({ email: 'd@example.com', ip: '10.9.0.1' })).rejects.toMatchObject({
        status: 429,
        code: 'too_many_sign_ups',
      });
      await second!.check({ email: 'e@example.com', ip: '10.9.0.2' });
    });
  });
});
