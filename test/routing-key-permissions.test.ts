/**
 * What a key may ask of the router and what it learns about it: per-request routing overrides
 * (`x-kaiyuan-timeout-ms`, `x-kaiyuan-max-attempts`, `x-kaiyuan-fallback`) only with the key's
 * `routingOverrides` grant (403 otherwise), and answers that name the serving deployment by a
 * pseudonym and protocol family to customers, by its real names to the operator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminPrincipal } from '../src/accounts/authenticator.ts';
import type { RunningServer } from '../src/main.ts';
import { provisionKey } from './support/provision.ts';
import { startTestServer } from './support/test-server.ts';

const adminToken = 'test-admin-token-routing-keys-0123456789';
let server: RunningServer;

beforeAll(async () => {
  server = await startTestServer({}, { KAIYUAN_ADMIN_TOKEN: adminToken });
});

afterAll(async () => {
  await server?.close();
});

function chat(credential: string, headers: Record<string, string> = {}) {
  return fetch(`${server.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${credential}`, ...headers },
    body: JSON.stringify({ model: 'sim-chat', messages: [{ role: 'user', content: 'hello' }] }),
  });
}

async function admin(method: string, path: string, body?: unknown) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${adminToken}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

describe('routing overrides need the key grant', () => {
  it('a key without the grant gets 403 routing_overrides_not_allowed for any override header, and is served without them', async () => {
    const { key } = await provisionKey(server);
    const overrideHeaders: Array<Record<string, string>> = [
      { 'x-kaiyuan-timeout-ms': '5000' },
      { 'x-kaiyuan-max-attempts': '1' },
      { 'x-kaiyuan-fallback': 'none' },
    ];
    for (const header of overrideHeaders) {
      const refused = await chat(key, header);
      expect(refused.status).toBe(403);
      expect(await refused.json()).toEqual({
        error: expect.objectContaining({ type: 'permission_error', code: 'routing_overrides_not_allowed' }),
      });
    }
    expect((await chat(key)).status).toBe(200);
  });

  it('an operator grants the permission on the key; the key then sends overrides; a member key cannot grant it', async () => {
    const { key, orgId } = await provisionKey(server);
    const listed = await admin('GET', `/admin/v1/keys?orgId=${orgId}`);
    const keyId = (listed.json.data as Array<{ id: string; routingOverrides: boolean }>)[0]!.id;
    expect((listed.json.data as Array<{ routingOverrides: boolean }>)[0]!.routingOverrides).toBe(false);
    // The key itself (a member) may not grant it to itself.
    const selfGrant = await fetch(`${server.url}/admin/v1/keys/${keyId}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ routingOverrides: true }),
    });
    expect([403, 404]).toContain(selfGrant.status);
    // A member of the organization may create keys, but not with the grant.
    const member = { ...adminPrincipal, role: 'member' as const, orgId, userId: 'user_member' };
    await expect(
      server.platform.services.commerce!.accounts.createKey(member, { name: 'mine', routingOverrides: true }),
    ).rejects.toMatchObject({ status: 403, param: 'routingOverrides' });
    const granted = await admin('PATCH', `/admin/v1/keys/${keyId}`, { routingOverrides: true });
    expect(granted.status).toBe(200);
    expect(granted.json.routingOverrides).toBe(true);
    const answer = await chat(key, { 'x-kaiyuan-timeout-ms': '5000', 'x-kaiyuan-fallback': 'none' });
    expect(answer.status).toBe(200);
    const created = await admin('POST', '/admin/v1/keys', { orgId, name: 'with overrides', routingOverrides: true });
    expect(created.json.routingOverrides).toBe(true);
    expect((await chat(created.json.key as string, { 'x-kaiyuan-max-attempts': '1' })).status).toBe(200);
  });
});

describe('how answers name the deployment', () => {
  it('customers see a stable pseudonym and the protocol family, never the deployment or provider names', async () => {
    const { key } = await provisionKey(server);
    const first = await chat(key);
    const second = await chat(key);
    const alias = first.headers.get('x-kaiyuan-deployment');
    expect(alias).toMatch(/^dep_[0-9a-f]{16}$/);
    expect(second.headers.get('x-kaiyuan-deployment')).toBe(alias);
    expect(first.headers.get('x-kaiyuan-provider')).toBe('simulator');
    expect(first.headers.get('x-kaiyuan-model')).toBe('sim-chat');
    // The operator finds the deployment by its alias in the admin view.
    const deployments = await admin('GET', '/admin/v1/deployments');
    const served = (deployments.json.data as Array<{ id: string; alias: string }>).find(
      (deployment) => deployment.alias === alias,
    );
    expect(served?.id).toBe('sim-chat@simulator');
    // /v1/models shows the same pseudonyms to the customer.
    const models = (await (
      await fetch(`${server.url}/v1/models`, { headers: { authorization: `Bearer ${key}` } })
    ).json()) as { data: Array<{ id: string; providers: Array<{ deployment: string }> }> };
    const simChat = models.data.find((model) => model.id === 'sim-chat')!;
    expect(simChat.providers.map((provider) => provider.deployment)).toEqual([alias]);
    expect(JSON.stringify(models)).not.toContain('@simulator');
  });

  it('the operator sees the real names', async () => {
    const answer = await chat(adminToken);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-kaiyuan-deployment')).toBe('sim-chat@simulator');
  });
});

describe('the routing overview', () => {
  it('shows the operator every model with its breakers, health and fallbacks; customers get 403', async () => {
    const overview = await admin('GET', '/admin/v1/routing');
    expect(overview.status).toBe(200);
    expect(overview.json).toMatchObject({
      object: 'routing_overview',
      sharedState: 'memory',
      settings: { deploymentHeaders: 'opaque', circuit: { failureThreshold: 3 } },
    });
    const models = overview.json.models as Array<{
      id: string;
      fallbacks: string[];
      deployments: Array<Record<string, unknown>>;
    }>;
    const simChat = models.find((model) => model.id === 'sim-chat')!;
    expect(simChat.fallbacks).toEqual([]);
    expect(simChat.deployments[0]).toMatchObject({
      id: 'sim-chat@simulator',
      circuit: 'closed',
      alias: expect.stringMatching(/^dep_/),
    });
    const { key } = await provisionKey(server);
    const refused = await fetch(`${server.url}/admin/v1/routing`, { headers: { authorization: `Bearer ${key}` } });
    expect(refused.status).toBe(403);
  });
});
