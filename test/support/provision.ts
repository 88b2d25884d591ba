import { adminPrincipal } from '../../src/accounts/authenticator.ts';
import type { CreateKeyInput } from '../../src/accounts/account-admin.ts';
import type { RunningServer } from '../../src/main.ts';

export interface ProvisionOptions {
  orgName?: string;
  plan?: string;
  /** Prepaid balance in currency units. */
  topUp?: number;
  key?: Partial<CreateKeyInput>;
}

/** Creates an organization on a plan, tops it up and returns a new API key for it. */
export async function provisionKey(
  server: RunningServer,
  options: ProvisionOptions = {},
): Promise<{ key: string; orgId: string }> {
  const commerce = server.platform.services.commerce;
  if (!commerce) throw new Error('commerce services are not wired');
  const organization = await commerce.accounts.createOrganization(adminPrincipal, {
    name: options.orgName ?? `org-${Math.random().toString(36).slice(2, 10)}`,
    planId: options.plan ?? 'pro',
  });
  if ((options.topUp ?? 100) > 0) {
    await commerce.billing.post(adminPrincipal, {
      orgId: organization.id,
      kind: 'top_up',
      amount: Math.round((options.topUp ?? 100) * 1e9),
      description: 'test top-up',
    });
  }
  const { key } = await commerce.accounts.createKey(adminPrincipal, {
    orgId: organization.id,
    name: 'test',
    ...options.key,
  });
  return { key, orgId: organization.id };
}
