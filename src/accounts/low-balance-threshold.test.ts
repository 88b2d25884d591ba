import { afterEach, describe, expect, it } from 'vitest';
import { createTestCommerce, createTenant, type TestCommerce } from '../../test/support/test-commerce.ts';
import { toNano } from '../billing/money.ts';

describe('low-balance threshold', () => {
  let context: TestCommerce;
  afterEach(async () => context?.close());

  it('is set by owners and admins of the organization, not by members; plans stay the operator’s', async () => {
    context = await createTestCommerce('sqlite');
    const { commerce } = context;
    const owner = await createTenant(commerce, { name: 'acme', role: 'owner' });
    const updated = await commerce.accounts.updateOrganization(owner.principal, owner.organization.id, {
      lowBalanceThreshold: toNano(20),
    });
    expect(updated.lowBalanceThreshold).toBe(toNano(20));
    expect((await commerce.accounts.getOrganization(owner.principal, owner.organization.id)).lowBalanceThreshold).toBe(
      toNano(20),
    );
    await expect(
      commerce.accounts.updateOrganization(owner.principal, owner.organization.id, { planId: 'enterprise' }),
    ).rejects.toMatchObject({ code: 'operator_only' });
    const { key } = await commerce.accounts.createKey(owner.principal, {
      orgId: owner.organization.id,
      name: 'member key',
      role: 'member',
    });
    const member = (await commerce.authenticator.authenticate(key))!;
    await expect(
      commerce.accounts.updateOrganization(member, owner.organization.id, { lowBalanceThreshold: null }),
    ).rejects.toMatchObject({ status: 403 });
  });
});
