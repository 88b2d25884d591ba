import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildAdminApp } from '../../../test/support/admin-app.ts';
import {
  createTestCommerce,
  createTenant,
  testAdminToken,
  type TestCommerce,
} from '../../../test/support/test-commerce.ts';
import { storeKinds } from '../../../test/support/test-store.ts';
import { toNano } from '../../billing/money.ts';
import { newRequestId } from '../../util/ids.ts';

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

function crossTenantCalls(B: string, A: string, bKeyId: string, bUserId: string) {
  return [
    ['GET', `/admin/v1/organizations/${B}`],
    ['PATCH', `/admin/v1/organizations/${B}`, { name: 'pwned' }],
    ['POST', '/admin/v1/organizations', { name: 'new-org' }],
    ['GET', `/admin/v1/users?orgId=${B}`],
    [
      'POST',
      '/admin/v1/users',
      { orgId: B, email: 'x@example.com', name: 'X', role: 'member', password: 'password-x' },
    ],
    ['PATCH', `/admin/v1/users/${bUserId}`, { role: 'admin' }],
    ['GET', `/admin/v1/keys?orgId=${B}`],
    ['POST', '/admin/v1/keys', { orgId: B, name: 'stolen' }],
    ['GET', `/admin/v1/keys/${bKeyId}`],
    ['PATCH', `/admin/v1/keys/${bKeyId}`, { enabled: false }],
    ['DELETE', `/admin/v1/keys/${bKeyId}`],
    ['GET', `/admin/v1/organizations/${B}/balance`],
    ['GET', `/admin/v1/organizations/${B}/ledger`],
    ['POST', `/admin/v1/organizations/${B}/top-ups`, { amount: 100 }],
    ['POST', `/admin/v1/organizations/${A}/top-ups`, { amount: 100 }],
    ['POST', '/admin/v1/redemption-codes', { count: 1, amount: 1 }],
    ['GET', '/admin/v1/redemption-codes'],
    ['POST', '/admin/v1/redeem', { orgId: B, code: 'KY-AAAA-AAAA-AAAA-AAAA' }],
    ['GET', `/admin/v1/usage?orgId=${B}`],
    ['GET', `/admin/v1/usage/export?format=json&orgId=${B}`],
    ['GET', `/admin/v1/usage/summary?orgId=${B}`],
    ['GET', `/admin/v1/organizations/${B}/statements/2026-11`],
  ] as const;
}

describe.each(storeKinds)('admin API on %s', (kind) => {
  let context: TestCommerce;
  let app: FastifyInstance;
  afterEach(async () => {
    await app?.close();
    await context?.close();
  });

  const call = (
    token: string | null,
    method: Method,
    url: string,
    payload?: object,
    headers: Record<string, string> = {},
  ) =>
    app.inject({
      method,
      url,
      payload,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    });

  async function seed() {
    context = await createTestCommerce(kind);
    app = await buildAdminApp(context.commerce);
    const a = await createTenant(context.commerce, { name: 'org-a', balance: toNano(5), role: 'admin' });
    const b = await createTenant(context.commerce, { name: 'org-b', balance: toNano(7), role: 'owner' });
    const bUser = await context.commerce.accounts.createUser(
      (await context.commerce.authenticator.authenticate(testAdminToken))!,
      {
        orgId: b.organization.id,
        email: 'b@example.com',
        name: 'B',
        role: 'member',
        password: 'password-b',
      },
    );
    for (const tenant of [a, b]) {
      const admission = await context.commerce.gatekeeper.admit({
        requestId: newRequestId(),
        principal: tenant.principal,
        endpoint: 'chat',
        model: 'sim-chat',
        promptTokens: 10,
        maxOutputTokens: 10,
        stream: false,
      });
      await admission.settle({
        status: 'completed',
        usage: { promptTokens: 10, completionTokens: 5, cachedTokens: 0, reasoningTokens: 0 },
        usageEstimated: false,
        servedBy: null,
        latencyMs: 1,
        ttftMs: 1,
        errorCode: null,
        attempts: 1,
      });
    }
    return { a, b, bUser };
  }

  it('lets the operator manage organizations, keys, top-ups and codes', async () => {
    await seed();
    const created = await call(testAdminToken, 'POST', '/admin/v1/organizations', { name: 'org-c', plan: 'pro' });
    expect(created.statusCode).toBe(201);
    const orgId = created.json().id;
    const key = await call(testAdminToken, 'POST', '/admin/v1/keys', {
      orgId,
      name: 'ci',
      limits: { rpm: 5 },
      allowedModels: ['sim-chat'],
    });
    expect(key.statusCode).toBe(201);
    expect(key.json().key).toMatch(/^sk-ky-/);
    expect((await call(testAdminToken, 'GET', `/admin/v1/keys/${key.json().id}`)).json().key).toBeUndefined();
    const topUp = await call(testAdminToken, 'POST', `/admin/v1/organizations/${orgId}/top-ups`, {
      amount: '12.50',
      idempotencyKey: 'inv-1',
    });
    expect(topUp.statusCode).toBe(201);
    expect(
      (
        await call(testAdminToken, 'POST', `/admin/v1/organizations/${orgId}/top-ups`, {
          amount: '12.50',
          idempotencyKey: 'inv-1',
        })
      ).json().applied,
    ).toBe(false);
    expect((await call(testAdminToken, 'GET', `/admin/v1/organizations/${orgId}/balance`)).json()).toMatchObject({
      balance: '12.50',
      balanceNano: toNano(12.5),
      currency: 'CNY',
      planId: 'pro',
      level: 'L0',
      limits: { rpm: 1000 },
    });
    const codes = await call(testAdminToken, 'POST', '/admin/v1/redemption-codes', { count: 2, amount: 3 });
    expect(codes.json().codes).toHaveLength(2);
    const redeemed = await call(key.json().key, 'POST', '/admin/v1/redeem', { code: codes.json().codes[0] });
    expect(redeemed.statusCode).toBe(403); // a member key may not redeem
    const bad = await call(testAdminToken, 'POST', '/admin/v1/organizations', { name: '' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ type: 'invalid_request_error', param: 'name' });
    expect((await call(null, 'GET', '/admin/v1/organizations')).statusCode).toBe(401);
    expect(
      (await call('sk-ky-not-a-real-key-000000000000000000000000000000000', 'GET', '/admin/v1/organizations'))
        .statusCode,
    ).toBe(401);
  });

  it('isolates tenants: an admin of one organization reads and changes nothing of another', async () => {
    const { a, b, bUser } = await seed();
    const B = b.organization.id;
    const forbiddenOrHidden = crossTenantCalls(B, a.organization.id, b.apiKey.id, bUser.id);
    for (const [method, url, payload] of forbiddenOrHidden) {
      const response = await call(a.key, method, url, payload);
      expect([403, 404], `${method} ${url} → ${response.statusCode} ${response.body}`).toContain(response.statusCode);
      expect(response.body).not.toContain('org-b');
    }
    // Listings show only the caller's organization.
    expect(
      (await call(a.key, 'GET', '/admin/v1/organizations')).json().data.map((org: { name: string }) => org.name),
    ).toEqual(['org-a']);
    expect(
      (await call(a.key, 'GET', '/admin/v1/keys'))
        .json()
        .data.every((key: { orgId: string }) => key.orgId === a.organization.id),
    ).toBe(true);
    expect((await call(a.key, 'GET', '/admin/v1/users')).json().data).toEqual([]);
    const usage = (await call(a.key, 'GET', '/admin/v1/usage')).json().data;
    expect(usage).toHaveLength(1);
    expect(usage[0].orgId).toBe(a.organization.id);
    const csv = await call(a.key, 'GET', '/admin/v1/usage/export?format=csv');
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain(a.organization.id);
    expect(csv.body).not.toContain(B);
    expect((await call(a.key, 'GET', '/admin/v1/balance')).json().balanceNano).toBeLessThan(toNano(5));
    // Nothing of B changed.
    expect(await context.commerce.authenticator.authenticate(b.key)).not.toBeNull();
    expect((await context.commerce.accounts.organizations.get(B)).name).toBe('org-b');
    expect((await context.commerce.accounts.users.get(bUser.id)).role).toBe('member');
    expect((await context.commerce.billing.ledger.balance(B)).balance).toBeGreaterThan(toNano(6.9));
    // The operator sees both.
    expect((await call(testAdminToken, 'GET', '/admin/v1/organizations')).json().data).toHaveLength(2);
  });

  it('isolates tenants for console sessions of an owner too, and scopes members to their own keys', async () => {
    const { a, b, bUser } = await seed();
    const operatorPrincipal = (await context.commerce.authenticator.authenticate(testAdminToken))!;
    await context.commerce.accounts.createUser(operatorPrincipal, {
      orgId: a.organization.id,
      email: 'owner-a@example.com',
      name: 'A',
      role: 'owner',
      password: 'password-a',
    });
    const login = await call(null, 'POST', '/console/api/auth/login', {
      email: 'owner-a@example.com',
      password: 'password-a',
    });
    const [session, csrf] = (login.headers['set-cookie'] as string[]).map((cookie) => cookie.split(';')[0]!);
    const headers = { cookie: `${session}; ${csrf}`, 'x-csrf-token': csrf!.split('=')[1]! };
    for (const [method, url, payload] of crossTenantCalls(
      b.organization.id,
      a.organization.id,
      b.apiKey.id,
      bUser.id,
    )) {
      const response = await call(null, method, url, payload, headers);
      expect([403, 404], `${method} ${url} → ${response.statusCode} ${response.body}`).toContain(response.statusCode);
    }
    expect((await call(null, 'GET', '/admin/v1/organizations', undefined, headers)).json().data).toHaveLength(1);

    // A member key manages its own keys only and cannot manage users.
    const member = await context.commerce.accounts.createKey(operatorPrincipal, {
      orgId: a.organization.id,
      name: 'member',
      role: 'member',
    });
    expect((await call(member.key, 'GET', '/admin/v1/users')).statusCode).toBe(403);
    expect((await call(member.key, 'GET', `/admin/v1/keys/${a.apiKey.id}`)).statusCode).toBe(404);
    expect((await call(member.key, 'POST', '/admin/v1/keys', { name: 'mine', role: 'admin' })).statusCode).toBe(403);
    expect((await call(member.key, 'GET', '/admin/v1/balance')).statusCode).toBe(200);
  });

  it('throttles repeated failed sign-ins', async () => {
    context = await createTestCommerce(kind);
    app = await buildAdminApp(context.commerce);
    await call(null, 'POST', '/console/api/auth/setup', {
      email: 'owner@example.com',
      password: 'secret-password',
      name: 'Owner',
      orgName: 'Acme',
    });
    // Five guesses a minute from one address (then 10 per quarter hour, 30 a day): see SignInThrottle.
    for (let attempt = 0; attempt < 5; attempt++) {
      expect(
        (await call(null, 'POST', '/console/api/auth/login', { email: 'owner@example.com', password: 'wrong' }))
          .statusCode,
      ).toBe(401);
    }
    const throttled = await call(null, 'POST', '/console/api/auth/login', {
      email: 'owner@example.com',
      password: 'secret-password',
    });
    expect(throttled.statusCode).toBe(429);
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('serves console sign-in with httpOnly session cookies and double-submit CSRF', async () => {
    context = await createTestCommerce(kind);
    app = await buildAdminApp(context.commerce);
    expect((await call(null, 'GET', '/console/api/auth/state')).json()).toEqual({
      needsSetup: true,
      user: null,
      signupPolicy: 'closed',
      captchaSiteKey: null,
      signupProofOfWork: false,
      // This app serves no model square.
      modelSquare: false,
    });
    const setup = await call(null, 'POST', '/console/api/auth/setup', {
      email: 'owner@example.com',
      password: 'secret-password',
      name: 'Owner',
      orgName: 'Acme',
    });
    expect(setup.statusCode).toBe(200);
    expect(setup.json().user).toMatchObject({ email: 'owner@example.com', role: 'owner', orgName: 'Acme' });
    const cookies = setup.headers['set-cookie'] as string[];
    expect(cookies[0]).toMatch(/^ky_session=kys_\w+; Path=\/; SameSite=Lax; Max-Age=\d+; Expires=.*; HttpOnly$/);
    expect(cookies[1]).toMatch(/^ky_csrf=\w+; Path=\/; SameSite=Lax/);
    expect(cookies[1]).not.toContain('HttpOnly');
    expect(
      (
        await call(null, 'POST', '/console/api/auth/setup', {
          email: 'x@example.com',
          password: 'secret-password',
          name: 'X',
          orgName: 'X',
        })
      ).statusCode,
    ).toBe(409);

    const bad = await call(null, 'POST', '/console/api/auth/login', {
      email: 'owner@example.com',
      password: 'wrong-password',
    });
    expect(bad.statusCode).toBe(401);
    expect(bad.json().error).toMatchObject({ type: 'authentication_error', code: 'invalid_credentials' });
    const login = await call(null, 'POST', '/console/api/auth/login', {
      email: 'owner@example.com',
      password: 'secret-password',
    });
    const [session, csrf] = (login.headers['set-cookie'] as string[]).map((cookie) => cookie.split(';')[0]!);
    const cookie = `${session}; ${csrf}`;
    const csrfValue = csrf!.split('=')[1]!;
    expect((await call(null, 'GET', '/console/api/auth/state', undefined, { cookie })).json()).toMatchObject({
      needsSetup: false,
      user: { email: 'owner@example.com' },
    });
    // The session works on the admin API; state changes need the CSRF header.
    expect((await call(null, 'GET', '/admin/v1/keys', undefined, { cookie })).statusCode).toBe(200);
    const noCsrf = await call(null, 'POST', '/admin/v1/keys', { name: 'k' }, { cookie });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().error.code).toBe('csrf_failed');
    const withCsrf = await call(null, 'POST', '/admin/v1/keys', { name: 'k' }, { cookie, 'x-csrf-token': csrfValue });
    expect(withCsrf.statusCode).toBe(201);
    const logout = await call(null, 'POST', '/console/api/auth/logout', undefined, {
      cookie,
      'x-csrf-token': csrfValue,
    });
    expect(logout.statusCode).toBe(200);
    expect((await call(null, 'GET', '/admin/v1/keys', undefined, { cookie })).statusCode).toBe(401);
  });
});
