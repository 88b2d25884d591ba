import { afterEach, describe, expect, it } from 'vitest';
import {
  createTestCommerce,
  createTenant,
  operator,
  testAdminToken,
  type TestCommerce,
} from '../../test/support/test-commerce.ts';
import { storeKinds } from '../../test/support/test-store.ts';
import { hashSecret } from './secret-tokens.ts';

const client = { address: '203.0.113.7', deviceToken: null };

describe.each(storeKinds)('authenticator on %s', (kind) => {
  let context: TestCommerce;
  afterEach(async () => context?.close());

  it('issues sk-ky- keys, stores only their hash and resolves them to the organization', async () => {
    context = await createTestCommerce(kind);
    const { key, apiKey, organization, principal } = await createTenant(context.commerce, {
      name: 'acme',
      role: 'admin',
    });
    expect(key).toMatch(/^sk-ky-[0-9A-Za-z]{48}$/);
    expect(apiKey.prefix).toBe(key.slice(0, 12));
    const row = await context.store.db
      .selectFrom('api_keys')
      .selectAll()
      .where('id', '=', apiKey.id)
      .executeTakeFirstOrThrow();
    expect(row.key_hash).toBe(hashSecret(key));
    expect(JSON.stringify(row)).not.toContain(key);
    expect(principal).toMatchObject({
      kind: 'api_key',
      orgId: organization.id,
      orgName: 'acme',
      role: 'admin',
      keyId: apiKey.id,
      planId: 'pro',
    });
    const tampered = `${key.slice(0, -1)}${key.endsWith('x') ? 'y' : 'x'}`;
    expect(await context.commerce.authenticator.authenticate(tampered)).toBeNull();
    expect(await context.commerce.authenticator.authenticate('sk-ky-short')).toBeNull();
    expect(context.commerce.authenticator.knownPrincipal(tampered)).toBeUndefined();
    expect(context.commerce.authenticator.knownPrincipal(testAdminToken)).toBeUndefined();
  });

  it('stops a revoked or disabled key at once and an expired key at its expiry', async () => {
    context = await createTestCommerce(kind);
    const { commerce } = context;
    const { key, apiKey } = await createTenant(commerce, { name: 'acme' });
    expect(await commerce.authenticator.authenticate(key)).not.toBeNull();
    await commerce.accounts.updateKey(operator, apiKey.id, { enabled: false });
    expect(await commerce.authenticator.authenticate(key)).toBeNull();
    await commerce.accounts.updateKey(operator, apiKey.id, { enabled: true });
    expect(await commerce.authenticator.authenticate(key)).not.toBeNull();
    // Known without a lookup once cached, and never after a revocation (the cache entry is dropped at once).
    expect(commerce.authenticator.knownPrincipal(key)).toMatchObject({ keyId: apiKey.id });
    await commerce.accounts.revokeKey(operator, apiKey.id);
    expect(commerce.authenticator.knownPrincipal(key)).toBeUndefined();
    expect(await commerce.authenticator.authenticate(key)).toBeNull();
    expect(commerce.authenticator.knownPrincipal(key)).toBeUndefined();

    const expiresAt = Date.now() + 1_500;
    const expiring = await commerce.accounts.createKey(operator, { orgId: apiKey.orgId, name: 'short', expiresAt });
    expect(await commerce.authenticator.authenticate(expiring.key)).not.toBeNull();
    expect(commerce.authenticator.knownPrincipal(expiring.key)).toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, expiresAt - Date.now() + 20));
    expect(commerce.authenticator.knownPrincipal(expiring.key)).toBeUndefined();
    expect(await commerce.authenticator.authenticate(expiring.key)).toBeNull();
  });

  it('stops keys of a disabled organization within the cache TTL', async () => {
    context = await createTestCommerce(kind);
    const { commerce } = context;
    const { key, organization } = await createTenant(commerce, { name: 'acme' });
    await commerce.accounts.updateOrganization(operator, organization.id, { enabled: false });
    expect(await commerce.authenticator.authenticate(key)).toBeNull();
  });

  it('accepts the admin token as the platform operator and nothing like it', async () => {
    context = await createTestCommerce(kind);
    expect(await context.commerce.authenticator.authenticate(testAdminToken)).toMatchObject({
      kind: 'admin_token',
      role: 'operator',
      orgId: null,
    });
    expect(await context.commerce.authenticator.authenticate(`${testAdminToken}x`)).toBeNull();
  });

  it('resolves a console session and enforces double-submit CSRF on state changes', async () => {
    context = await createTestCommerce(kind);
    const { commerce } = context;
    const signedIn = await commerce.consoleAuth.setup({
      email: 'Owner@Example.com',
      password: 'correct horse',
      name: 'Owner',
      orgName: 'Kaiyuan',
    });
    expect(signedIn.user).toMatchObject({
      email: 'owner@example.com',
      role: 'owner',
      orgName: 'Kaiyuan',
      operator: true,
    });
    const base = { sessionToken: signedIn.sessionToken, csrfCookie: 'abc', csrfHeader: null };
    expect(await commerce.authenticator.authenticateSession({ ...base, method: 'GET' })).toMatchObject({
      kind: 'session',
      role: 'operator',
      orgId: signedIn.user.orgId,
    });
    await expect(commerce.authenticator.authenticateSession({ ...base, method: 'POST' })).rejects.toMatchObject({
      status: 403,
      code: 'csrf_failed',
    });
    await expect(
      commerce.authenticator.authenticateSession({ ...base, csrfHeader: 'abd', method: 'POST' }),
    ).rejects.toMatchObject({ code: 'csrf_failed' });
    expect(
      await commerce.authenticator.authenticateSession({ ...base, csrfHeader: 'abc', method: 'POST' }),
    ).not.toBeNull();
    await commerce.consoleAuth.logout(signedIn.sessionToken);
    expect(await commerce.authenticator.authenticateSession({ ...base, method: 'GET' })).toBeNull();
  });

  it('signs in with the right password only, without telling which part was wrong', async () => {
    context = await createTestCommerce(kind);
    const { commerce } = context;
    await commerce.consoleAuth.setup({
      email: 'owner@example.com',
      password: 'correct horse',
      name: 'Owner',
      orgName: 'Kaiyuan',
    });
    await expect(
      commerce.consoleAuth.setup({ email: 'x@example.com', password: 'another one', name: 'X', orgName: 'Other' }),
    ).rejects.toMatchObject({ status: 409 });
    const wrongPassword = await commerce.consoleAuth
      .login('owner@example.com', 'wrong horse', client)
      .catch((error) => error);
    const unknownUser = await commerce.consoleAuth
      .login('nobody@example.com', 'correct horse', client)
      .catch((error) => error);
    expect(wrongPassword).toMatchObject({ status: 401, code: 'invalid_credentials' });
    expect(unknownUser.message).toBe(wrongPassword.message);
    const signedIn = await commerce.consoleAuth.login('OWNER@example.com', 'correct horse', client);
    expect(await commerce.consoleAuth.currentUser(signedIn.sessionToken)).toMatchObject({ email: 'owner@example.com' });
    const row = await context.store.db.selectFrom('users').select('password_hash').executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^scrypt\$/);
  });
});
