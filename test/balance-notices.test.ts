/**
 * Low-balance and quota notices by e-mail through a real local SMTP server: one mail per crossing
 * (also when two replicas run a round at the same moment), re-armed when the balance is back above
 * the threshold, written in the reader's language, and recorded in the notification log.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createSmtpMailer } from '../src/accounts/signup/mailer.ts';
import { BalanceNotices } from '../src/billing/balance-notices.ts';
import { grantPeriod } from '../src/billing/billing-profiles.ts';
import { toNano } from '../src/billing/money.ts';
import { pino } from 'pino';
import { startLocalSmtp, type LocalSmtp } from './support/local-smtp.ts';
import { createTenant, createTestCommerce, operator, type TestCommerce } from './support/test-commerce.ts';
import { storeKinds } from './support/test-store.ts';

describe.each(storeKinds)('balance and quota notices on %s', (kind) => {
  let smtp: LocalSmtp;
  let context: TestCommerce;
  afterEach(async () => {
    await context?.close();
    await smtp?.close();
  });

  async function setUp() {
    smtp = await startLocalSmtp();
    context = await createTestCommerce(kind, {
      mailer: createSmtpMailer(smtp.url, 'Kaiyuan <no-reply@example.com>'),
      signup: { publicUrl: 'https://console.example.com' },
      commerce: {
        plans: {
          free: {
            freeTierOnly: true,
            monthlyGrantTokens: 1_000,
            payAsYouGo: false,
            limits: {},
            priority: 0,
            levels: false,
            dedicatedDeployments: false,
          },
        },
      },
    });
    return context.commerce;
  }

  async function organization(name: string, options: { planId?: string; balance?: number } = {}) {
    const commerce = context.commerce;
    const tenant = await createTenant(commerce, { name, planId: options.planId ?? 'pro', balance: options.balance });
    const orgId = tenant.organization.id;
    const user = (email: string, role: 'owner' | 'admin' | 'member') =>
      commerce.accounts.createUser(operator, { orgId, email, name: email, role, password: 'a long password 1' });
    return { orgId, user };
  }

  const debit = (orgId: string, amount: number, key: string) =>
    context.commerce.billing.post(operator, { orgId, kind: 'adjustment', amount: -amount, idempotencyKey: key });
  const credit = (orgId: string, amount: number, key: string) =>
    context.commerce.billing.post(operator, { orgId, kind: 'top_up', amount, idempotencyKey: key });

  it('mails owners and admins once per crossing, across replicas, and again after the balance recovered', async () => {
    const commerce = await setUp();
    const { orgId, user } = await organization('Acme 数据', { balance: toNano(50) });
    await user('owner@acme.example', 'owner');
    const admin = await user('admin@acme.example', 'admin');
    await user('member@acme.example', 'member');
    await context.store.db.updateTable('users').set({ locale: 'en' }).where('id', '=', admin.id).execute();
    await commerce.accounts.updateOrganization(operator, orgId, { lowBalanceThreshold: toNano(20) });
    const notices = commerce.notices!;

    expect(await notices.runOnce()).toMatchObject({ lowBalance: 0 });
    expect(smtp.mails).toHaveLength(0);

    await debit(orgId, toNano(35), 'spend-1'); // 15 left, below 20
    // Two replicas at the same moment: one of them sends.
    const replica = new BalanceNotices({
      store: context.store,
      mailer: createSmtpMailer(smtp.url, 'Kaiyuan <no-reply@example.com>'),
      plans: commerce.plans,
      currency: 'CNY',
      publicUrl: 'https://console.example.com',
      logger: pino({ level: 'silent' }),
    });
    const rounds = await Promise.all([notices.runOnce(), replica.runOnce()]);
    expect(rounds.map((round) => round.lowBalance).sort()).toEqual([0, 1]);
    const owner = await smtp.waitFor('owner@acme.example', /余额不足提醒/);
    expect(owner.subject).toBe('余额不足提醒：Acme 数据 / Low balance: Acme 数据');
    expect(owner.text).toContain('¥15.00');
    expect(owner.text).toContain('¥20.00');
    expect(owner.text).toContain('https://console.example.com/billing');
    const english = await smtp.waitFor('admin@acme.example', /Low balance/);
    expect(english.subject).toBe('Low balance: Acme 数据');
    expect(english.text).not.toMatch(/余额/);
    expect(smtp.mails.some((mail) => mail.to.includes('member@acme.example'))).toBe(false);
    expect(smtp.mails).toHaveLength(2);

    // Still below: nothing more.
    await debit(orgId, toNano(5), 'spend-2');
    await notices.runOnce();
    expect(smtp.mails).toHaveLength(2);

    // Back above the threshold re-arms; the next fall below mails again.
    await credit(orgId, toNano(30), 'top-up-1');
    expect(await notices.runOnce()).toMatchObject({ rearmed: 1, lowBalance: 0 });
    await debit(orgId, toNano(25), 'spend-3');
    expect(await notices.runOnce()).toMatchObject({ lowBalance: 1 });
    expect(smtp.mails).toHaveLength(4);

    const log = await commerce.notifications.list({ orgId });
    expect(log.filter((entry) => entry.kind === 'low_balance' && entry.status === 'sent')).toHaveLength(4);
  });

  it('leaves nothing claimed when no mail could go out, and never mails the house organization', async () => {
    const commerce = await setUp();
    const { orgId, user } = await organization('Quiet', { balance: toNano(1) });
    await commerce.accounts.updateOrganization(operator, orgId, { lowBalanceThreshold: toNano(5) });
    // No owner or admin yet: no mail, still armed.
    expect(await commerce.notices!.runOnce()).toMatchObject({ lowBalance: 0 });
    await user('late-owner@quiet.example', 'owner');
    expect(await commerce.notices!.runOnce()).toMatchObject({ lowBalance: 1 });
    await smtp.waitFor('late-owner@quiet.example', /Low balance/);

    const house = await organization('House', { balance: 0 });
    await house.user('house@example.com', 'owner');
    await commerce.accounts.updateOrganization(operator, house.orgId, { lowBalanceThreshold: toNano(5) });
    await context.store.db.updateTable('organizations').set({ house: 1 }).where('id', '=', house.orgId).execute();
    await commerce.notices!.runOnce();
    expect(smtp.mails.some((mail) => mail.to.includes('house@example.com'))).toBe(false);
  });

  it('mails at 80 % and at 100 % of the monthly free grant, once each', async () => {
    const commerce = await setUp();
    const { orgId, user } = await organization('Free Co', { planId: 'free' });
    const owner = await user('owner@free.example', 'owner');
    await context.store.db.updateTable('users').set({ locale: 'zh-CN' }).where('id', '=', owner.id).execute();
    const period = grantPeriod();
    const used = async (tokens: number) => {
      await context.store.db
        .insertInto('grant_usage')
        .values({ org_id: orgId, period, tokens })
        .onConflict((conflict) => conflict.columns(['org_id', 'period']).doUpdateSet({ tokens }))
        .execute();
    };
    await used(500);
    expect(await commerce.notices!.runOnce()).toMatchObject({ quota: 0 });
    await used(850);
    expect(await commerce.notices!.runOnce()).toMatchObject({ quota: 1 });
    const first = await smtp.waitFor('owner@free.example', /85%/);
    expect(first.subject).toBe('本月免费额度已用 85%：Free Co');
    expect(first.text).toContain('850 / 1000');
    expect(await commerce.notices!.runOnce()).toMatchObject({ quota: 0 });
    await used(1_000);
    expect(await commerce.notices!.runOnce()).toMatchObject({ quota: 1 });
    await smtp.waitFor('owner@free.example', /已用完/);
    expect(await commerce.notices!.runOnce()).toMatchObject({ quota: 0 });
    expect(smtp.mails).toHaveLength(2);
  });
});
