import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/main.ts';
import { startTestServer } from './support/test-server.ts';

const adminToken = 'test-admin-token-audit-records-0123456789';
let server: RunningServer;

beforeAll(async () => {
  server = await startTestServer({}, { KAIYUAN_ADMIN_TOKEN: adminToken });
});
afterAll(async () => server?.close());

async function admin(method: string, path: string, body?: unknown, token = adminToken) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const isJson = (response.headers.get('content-type') ?? '').includes('application/json');
  return { status: response.status, body: text && isJson ? JSON.parse(text) : null, text };
}

interface Entry {
  actor: string;
  action: string;
  target_type: string;
  target_id: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

async function audit(query: Record<string, string>): Promise<Entry[]> {
  const answer = await admin('GET', `/admin/v1/audit?${new URLSearchParams(query)}`);
  expect(answer.status).toBe(200);
  return answer.body.data as Entry[];
}

describe('the audit trail of accounts and money', () => {
  it('records key creation and revocation, credits, users and role changes, without secrets', async () => {
    const organization = await admin('POST', '/admin/v1/organizations', { name: 'audited' });
    expect(organization.status).toBe(201);
    const orgId = organization.body.id as string;

    const key = await admin('POST', '/admin/v1/keys', { orgId, name: 'ci' });
    expect(key.status).toBe(201);
    const keyId = key.body.id as string;
    const plainKey = key.body.key as string;
    expect(plainKey).toBeTruthy();
    expect((await admin('DELETE', `/admin/v1/keys/${keyId}`)).status).toBe(200);

    const topUp = await admin('POST', `/admin/v1/organizations/${orgId}/top-ups`, { amount: '12.50' });
    expect(topUp.status).toBe(201);

    const user = await admin('POST', '/admin/v1/users', {
      orgId,
      email: 'ops-audit@example.com',
      name: 'Auditee',
      role: 'member',
      password: 'correct horse battery',
    });
    expect(user.status).toBe(201);
    const userId = user.body.id as string;
    expect((await admin('PATCH', `/admin/v1/users/${userId}`, { role: 'admin' })).status).toBe(200);

    const keyEntries = await audit({ targetType: 'api_key', targetId: keyId });
    expect(keyEntries.map((entry) => entry.action)).toEqual(['api_key.revoke', 'api_key.create']);
    expect(keyEntries[0]!.actor).toBe('admin-token');
    expect(keyEntries[0]!.before).toMatchObject({ id: keyId, orgId });
    expect(keyEntries[0]!.after).toMatchObject({ id: keyId });

    const credits = await audit({ action: 'billing.top_up', targetId: orgId });
    expect(credits).toHaveLength(1);
    expect(credits[0]!.after).toMatchObject({ kind: 'top_up', amount: '12.50' });

    const roles = await audit({ targetType: 'user', targetId: userId });
    expect(roles.map((entry) => entry.action)).toEqual(['user.role_change', 'user.create']);
    expect(roles[0]!.before).toMatchObject({ role: 'member' });
    expect(roles[0]!.after).toMatchObject({ role: 'admin' });

    expect(
      (await audit({ targetType: 'organization', action: 'organization.create' })).map((e) => e.target_id),
    ).toContain(orgId);

    // Neither the key, nor the password, nor its hash is anywhere in the trail or its export.
    const exported = await admin('GET', '/admin/v1/audit?format=jsonl&limit=1000');
    expect(exported.status).toBe(200);
    expect(exported.text).not.toContain(plainKey);
    expect(exported.text).not.toContain('correct horse battery');
    expect(exported.text).not.toMatch(/passwordHash|scrypt\$|key_hash/);
  });

  it('is read and exported from the CLI', async () => {
    const organization = await admin('POST', '/admin/v1/organizations', { name: 'cli-audited' });
    const orgId = organization.body.id as string;
    await admin('POST', `/admin/v1/organizations/${orgId}/top-ups`, { amount: '3' });
    const cli = (...args: string[]) =>
      promisify(execFile)(process.execPath, [
        path.resolve('bin/kaiyuan.js'),
        ...args,
        '--url',
        server.url,
        '--token',
        adminToken,
      ]);
    const table = await cli('audit', '--action', 'billing.top_up');
    expect(table.stdout).toContain(`organization:${orgId}`);
    const lines = (await cli('audit', '--target', orgId, '--jsonl')).stdout.trim().split('\n');
    expect(lines.map((line) => JSON.parse(line).action)).toEqual(['billing.top_up', 'organization.create']);
  }, 120_000);

  it('is the operator’s to read', async () => {
    const organization = await admin('POST', '/admin/v1/organizations', { name: 'reader' });
    const key = await admin('POST', '/admin/v1/keys', { orgId: organization.body.id, name: 'owner', role: 'owner' });
    const denied = await admin('GET', '/admin/v1/audit', undefined, key.body.key as string);
    expect(denied.status).toBe(403);
  });
});
