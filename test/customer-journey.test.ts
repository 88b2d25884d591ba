import OpenAI, { APIError } from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleVisitor } from './support/console-visitor.ts';
import { providerNames, usePaymentPlatform } from './support/fake-payments/payment-fixture.ts';
import { startLocalSmtp, tokenLink, type LocalSmtp } from './support/local-smtp.ts';

/**
 * The whole customer path, as a stranger would walk it: sign up in the console API, verify the
 * e-mail that arrives at a real (local) SMTP server, call a free model with a new key through the
 * official `openai` client, run out of the free grant (402), pay with one provider's fake (signed
 * the provider's way, verified with its SDK's rules) and call again.
 */
let smtp: LocalSmtp;
beforeAll(async () => {
  smtp = await startLocalSmtp();
});
afterAll(async () => smtp?.close());

const platform = usePaymentPlatform(() => ({
  config: {
    server: { trustProxy: true },
    signup: {
      policy: 'open',
      grant: 0.1,
      perIpPerHour: 0,
      publicUrl: 'https://console.example.com',
      smtp: { url: smtp.url, from: 'Kaiyuan <no-reply@example.com>' },
    },
    commerce: {
      plans: { free: { freeTierOnly: true, monthlyGrantTokens: 120, limits: {} } },
      // Dear enough that the grants run out in a few calls: 0.001 / 0.002 per token.
      prices: { 'sim-chat': { input: 1000, output: 2000, currency: 'CNY', freeTier: true } },
    },
  },
}));

const ask = (client: OpenAI) =>
  client.chat.completions.create({
    model: 'sim-chat',
    messages: [{ role: 'user', content: 'Say hello to a new customer.' }],
    max_tokens: 16,
  });

describe('a new customer signs up, uses the free start, runs out and pays', () => {
  it.each(providerNames)('pays with %s', async (provider) => {
    const index = providerNames.indexOf(provider);
    const email = `buyer-${provider.replace('_', '-')}@journey.example`;
    const visitor = new ConsoleVisitor(platform.url, `10.77.0.${index + 1}`);

    const signedUp = await visitor.call('POST', '/console/api/auth/sign-up', { email, password: 'a long passphrase' });
    expect(signedUp.status, JSON.stringify(signedUp.body)).toBe(201);
    expect(signedUp.body).toMatchObject({ verificationSent: true, user: { email, verified: false } });
    const orgId: string = signedUp.body.user.orgId;

    const { token } = tokenLink(await smtp.waitFor(email, /Verify your e-mail/));
    expect(await visitor.call('POST', '/console/api/auth/verify-email', { token })).toMatchObject({
      status: 200,
      body: { granted: true },
    });

    const created = await visitor.call('POST', '/admin/v1/keys', { name: 'first key' });
    expect(created.status).toBe(201);
    const client = new OpenAI({ baseURL: `${platform.url}/v1`, apiKey: created.body.key, maxRetries: 0 });

    // Free calls until the free start (monthly tokens, then the 0.10 sign-up grant) is used up.
    let freeCalls = 0;
    let refusal: APIError | null = null;
    while (!refusal && freeCalls < 30) {
      try {
        const answer = await ask(client);
        expect(answer.choices[0]!.message.content).toBeTruthy();
        freeCalls++;
      } catch (error) {
        if (!(error instanceof APIError)) throw error;
        refusal = error;
      }
    }
    expect(freeCalls).toBeGreaterThanOrEqual(1);
    expect(refusal?.status).toBe(402);
    expect(refusal?.code).toBe('insufficient_quota');
    expect(refusal?.message).toMatch(/top up/i);

    // The owner pays 1.00 through the provider; its signed notification credits the order.
    const ordered = await visitor.call('POST', '/admin/v1/payments/orders', {
      provider,
      amount: '1.00',
      idempotencyKey: `journey-${provider}-1`,
    });
    expect(ordered.status, JSON.stringify(ordered.body)).toBe(201);
    const notified = await platform.pay(provider, ordered.body.id);
    expect(notified.status).toBeLessThan(300);
    expect((await visitor.call('GET', `/admin/v1/payments/orders/${ordered.body.id}`)).body.state).toBe('credited');

    const paid = await ask(client);
    expect(paid.choices[0]!.message.content).toBeTruthy();
    expect(paid.usage?.total_tokens).toBeGreaterThan(0);

    // The ledger tells the story: the sign-up grant, the usage, the payment.
    const ledger = await platform.ledger({ orgId });
    const kinds = new Set(ledger.map((entry) => entry.kind));
    expect(kinds).toEqual(new Set(['grant', 'usage_debit', 'payment']));
    expect(ledger.filter((entry) => entry.kind === 'grant').map((entry) => entry.amount)).toEqual(['0.10']);
    expect(ledger.filter((entry) => entry.kind === 'payment').map((entry) => entry.amount)).toEqual(['1.00']);
    process.stdout.write(
      `journey (${provider}): ${freeCalls} free calls, then ${refusal?.status} ${refusal?.code}; paid 1.00; the next call answered; ledger ${ledger.length} entries\n`,
    );
  });
});
