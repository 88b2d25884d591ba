import type { KaiyuanServer } from './kaiyuan-server.ts';

/** Calls the admin API with the platform admin token, as an operator's script or the CLI would. */
async function adminRequest(server: KaiyuanServer, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${server.baseUrl}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${path} answered ${response.status}: ${text}`);
  return JSON.parse(text) as unknown;
}

/** Tops up the prepaid balance of the organization with this name (paid plans need a balance). */
export async function topUpOrganization(server: KaiyuanServer, orgName: string, amount: string): Promise<void> {
  const list = (await adminRequest(server, '/admin/v1/organizations')) as { data: { id: string; name: string }[] };
  const organization = list.data.find((candidate) => candidate.name === orgName);
  if (!organization) throw new Error(`No organization named ${orgName}`);
  await adminRequest(server, `/admin/v1/organizations/${encodeURIComponent(organization.id)}/top-ups`, {
    kind: 'top_up',
    amount,
    idempotencyKey: `e2e-${organization.id}`,
    description: 'e2e test balance',
  });
}

/** Generates one redemption code worth `amount` (what an operator sells or gives away). */
export async function createRedemptionCode(server: KaiyuanServer, amount: string): Promise<string> {
  const batch = (await adminRequest(server, '/admin/v1/redemption-codes', { count: 1, amount })) as { codes: string[] };
  const code = batch.codes[0];
  if (!code) throw new Error('No redemption code was generated');
  return code;
}

/** A new API key of the organization with this name (what an application would call with). */
export async function createApiKey(server: KaiyuanServer, orgName: string, name = 'e2e channel'): Promise<string> {
  const list = (await adminRequest(server, '/admin/v1/organizations')) as { data: { id: string; name: string }[] };
  const organization = list.data.find((candidate) => candidate.name === orgName);
  if (!organization) throw new Error(`No organization named ${orgName}`);
  const created = (await adminRequest(server, '/admin/v1/keys', { orgId: organization.id, name })) as {
    key: string;
  };
  return created.key;
}
