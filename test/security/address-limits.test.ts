/**
 * Per-address limits of the routes answered without a credential: sign-up and password reset are
 * tight (10 a minute by default), the public routes generous, payment callbacks separately
 * bounded; the limits follow the real client behind a trusted proxy, never a spoofed header from
 * anyone else, and do not touch authenticated routes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { KaiyuanConfigInput } from '../../src/config/config-schema.ts';
import type { RunningServer } from '../../src/main.ts';
import { addressLimitClass } from '../../src/http/address-limits.ts';
import { provisionKey } from '../support/provision.ts';
import { startTestServer } from '../support/test-server.ts';

let server: RunningServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

const limits = { accountPerMinute: 3, accountPerHour: 5, publicPerMinute: 6, callbackPerMinute: 4 };

async function start(server: Partial<NonNullable<KaiyuanConfigInput['server']>> = {}) {
  return startTestServer({
    server: { host: '127.0.0.1', port: 0, addressLimits: limits, ...server },
    signup: { policy: 'open' },
  } as KaiyuanConfigInput);
}

function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

describe('per-address limits of unauthenticated routes', () => {
  it('password-reset requests from one address get 429 with Retry-After beyond the account limit', async () => {
    server = await start();
    const statuses: number[] = [];
    let refused: Response | null = null;
    for (let index = 0; index < 5; index++) {
      const response = await post(`${server.url}/console/api/auth/password-reset-request`, {
        email: `someone${index}@example.com`,
      });
      statuses.push(response.status);
      if (response.status === 429) refused = response;
    }
    expect(statuses.slice(0, 3).every((status) => status !== 429)).toBe(true);
    expect(statuses.slice(3)).toEqual([429, 429]);
    expect(Number(refused!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused!.json()).toMatchObject({ error: { code: 'too_many_requests_from_address' } });
    // Sign-up shares the account counter of the address.
    const signUp = await post(`${server.url}/console/api/auth/sign-up`, {
      email: 'new@example.com',
      password: 'a long enough password',
      name: 'New',
    });
    expect(signUp.status).toBe(429);
  });

  it('authenticated routes are not counted per address; health checks never limited', async () => {
    server = await start();
    const { key } = await provisionKey(server);
    for (let index = 0; index < 10; index++) {
      const response = await fetch(`${server.url}/v1/models`, { headers: { authorization: `Bearer ${key}` } });
      expect(response.status).toBe(200);
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    }
  });

  it('behind a trusted proxy each forwarded client has its own counter; without trust the header is ignored', async () => {
    server = await start({ trustProxy: ['127.0.0.1'] });
    const reset = (client: string) =>
      post(
        `${server!.url}/console/api/auth/password-reset-request`,
        { email: 'a@example.com' },
        { 'x-forwarded-for': client },
      );
    for (let index = 0; index < 3; index++) expect((await reset('198.51.100.1')).status).not.toBe(429);
    expect((await reset('198.51.100.1')).status).toBe(429);
    expect((await reset('198.51.100.2')).status).not.toBe(429);
    await server.close();
    server = await start();
    const spoofed = (client: string) =>
      post(
        `${server!.url}/console/api/auth/password-reset-request`,
        { email: 'a@example.com' },
        { 'x-forwarded-for': client },
      );
    for (let index = 0; index < 3; index++) await spoofed(`198.51.100.${index + 10}`);
    expect((await spoofed('198.51.100.99')).status).toBe(429);
  });

  it('payment callbacks are counted apart from the account routes, with their own limit', async () => {
    server = await start();
    for (let index = 0; index < 3; index++)
      await post(`${server.url}/console/api/auth/password-reset-request`, { email: 'a@example.com' });
    // The account routes of this address are spent; a provider's callbacks still get through, up to theirs.
    const statuses: number[] = [];
    for (let index = 0; index < 5; index++) {
      const response = await fetch(`${server.url}/payments/callbacks/stripe`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=00' },
        body: '{}',
      });
      statuses.push(response.status);
    }
    expect(statuses.slice(0, 4).every((status) => status !== 429)).toBe(true);
    expect(statuses[4]).toBe(429);
  });

  it('classifies routes: account, public, callback, and none for probes, sign-in and static files', () => {
    expect(addressLimitClass({ method: 'POST', url: '/console/api/auth/sign-up' })).toBe('account');
    expect(addressLimitClass({ method: 'POST', url: '/console/api/auth/password-reset' })).toBe('account');
    expect(addressLimitClass({ method: 'POST', url: '/console/api/auth/login' })).toBeNull();
    expect(addressLimitClass({ method: 'GET', url: '/console/api/auth/state' })).toBe('public');
    expect(
      addressLimitClass({
        method: 'POST',
        url: '/v1/payments/callbacks/alipay',
        config: { bodyBeforeAuthentication: 'verified-by-signature' },
      }),
    ).toBe('callback');
    expect(addressLimitClass({ method: 'GET', url: '/healthz' })).toBeNull();
    expect(addressLimitClass({ method: 'GET', url: '/console/*' })).toBeNull();
  });

  it('can be switched off', async () => {
    server = await start({ addressLimits: { ...limits, enabled: false } });
    for (let index = 0; index < 5; index++) {
      const response = await post(`${server.url}/console/api/auth/password-reset-request`, { email: 'a@example.com' });
      expect(response.status).not.toBe(429);
    }
  });
});
