import { afterEach, describe, expect, it } from 'vitest';
import { createTestCommerce, operator, type TestCommerce } from '../../../test/support/test-commerce.ts';
import { storeKinds } from '../../../test/support/test-store.ts';
import type { Commerce } from '../create-commerce.ts';
import { toNano } from '../money.ts';

const signup = { policy: 'open' as const, perIpPerHour: 0, referral: { inviteeReward: 5, referrerReward: 8 } };

async function register(commerce: Commerce, email: string, invitationCode?: string) {
  return commerce.signup.register({ email, password: 'password123', invitationCode, ip: '127.0.0.1' });
}

async function codeOf(commerce: Commerce, orgId: string): Promise<string> {
  return (await commerce.signup.invitation({ ...operator, orgId })).code;
}

describe.each(storeKinds)('invitation rewards on %s', (kind) => {
  let context: TestCommerce;
  afterEach(async () => context?.close());

  const topUp = (commerce: Commerce, orgId: string, key: string, amount = toNano(10)) =>
    commerce.billing.post(operator, { orgId, kind: 'top_up', amount, idempotencyKey: key });
  const grants = async (commerce: Commerce, orgId: string) =>
    (await commerce.billing.ledger.entries(orgId)).filter((entry) => entry.kind === 'grant');

  it('rewards both sides once, on the invitee organization first paid credit, traceable to it', async () => {
    context = await createTestCommerce(kind, { signup });
    const { commerce } = context;
    const referrer = await register(commerce, 'alice@alpha.example');
    const code = await codeOf(commerce, referrer.organization.id);
    const invitee = await register(commerce, 'bob@beta.example', code);
    expect(invitee.referred).toBe(true);

    // A grant or redemption is not a payment: no reward yet.
    await commerce.billing.post(operator, {
      orgId: invitee.organization.id,
      kind: 'grant',
      amount: toNano(1),
      idempotencyKey: 'gift',
    });
    expect(await grants(commerce, referrer.organization.id)).toHaveLength(0);

    // Three concurrent first payments: the rewards are paid once.
    const payments = await Promise.all(['p1', 'p2', 'p3'].map((key) => topUp(commerce, invitee.organization.id, key)));
    const inviteeRewards = (await grants(commerce, invitee.organization.id)).filter((entry) =>
      entry.idempotencyKey.startsWith('referral:'),
    );
    const referrerRewards = await grants(commerce, referrer.organization.id);
    expect(inviteeRewards.map((entry) => entry.amount)).toEqual([toNano(5)]);
    expect(referrerRewards.map((entry) => entry.amount)).toEqual([toNano(8)]);
    const firstPayment = payments
      .map((payment) => payment.entry.id)
      .find((id) => inviteeRewards[0]!.description.includes(id));
    expect(firstPayment).toBeDefined();
    expect(referrerRewards[0]!.description).toContain(code);
    expect((await commerce.billing.ledger.balance(invitee.organization.id)).balance).toBe(toNano(1 + 30 + 5));
    expect((await commerce.signup.invitation({ ...operator, orgId: referrer.organization.id })).rewarded).toBe(1);
  });

  it('gives nothing inside one e-mail domain (except public webmail) and nothing for unreferred payers', async () => {
    context = await createTestCommerce(kind, { signup });
    const { commerce } = context;
    const company = await register(commerce, 'boss@acme.example');
    const code = await codeOf(commerce, company.organization.id);
    const colleague = await register(commerce, 'clerk@acme.example', code);
    expect(colleague.referred).toBe(false);
    await topUp(commerce, colleague.organization.id, 'pay');
    expect(await grants(commerce, company.organization.id)).toHaveLength(0);

    const webmailReferrer = await register(commerce, 'one@gmail.com');
    const friend = await register(commerce, 'two@gmail.com', await codeOf(commerce, webmailReferrer.organization.id));
    expect(friend.referred).toBe(true);
    await topUp(commerce, friend.organization.id, 'pay');
    expect((await grants(commerce, webmailReferrer.organization.id)).map((entry) => entry.amount)).toEqual([toNano(8)]);
  });
});
