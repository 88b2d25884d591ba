import OpenAI from 'openai';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalSmtp, tokenLink, type LocalSmtp } from '../support/local-smtp.ts';
import { availableOrSkipped } from '../support/required-in-ci.ts';
import { adminCall, startServerProcess, type ServerProcess } from '../support/server-process.ts';
import { chromiumAvailable, chromiumPath, launchBrowser, saveScreenshot, type TestBrowser } from './support/browser.ts';

const browserTests = availableOrSkipped(
  chromiumAvailable,
  `Chromium is missing at ${chromiumPath}: the sign-up browser test cannot run (apt-get install chromium)`,
);

const visitor = { email: 'new.visitor@example.org', password: 'visitor-password-1' };

/**
 * A brand-new visitor in a real browser: signs up, verifies the address through the local SMTP
 * server, creates a key, calls a free model with the official SDK, runs out of the free grant
 * and the sign-up grant (402 with a clear message) and is sent to top up.
 */
describe.runIf(browserTests)('sign-up and the free start (chromium)', () => {
  let smtp: LocalSmtp;
  let server: ServerProcess;
  let browser: TestBrowser;
  let page: Page;
  let key = '';

  beforeAll(async () => {
    smtp = await startLocalSmtp();
    server = await startServerProcess({
      configYaml: [
        'server:',
        '  host: 127.0.0.1',
        'discovery:',
        '  enabled: false',
        'simulator:',
        '  enabled: true',
        '  options:',
        '    latencyMs: 5',
        '    tokensPerSecond: 2000',
        '    answerTokens: 24',
        'commerce:',
        '  plans:',
        '    free: { freeTierOnly: true, monthlyGrantTokens: 150 }',
        'signup:',
        '  policy: open',
        '  grant: 0.0005',
        '  publicUrl: https://console.example.com',
        `  smtp: { url: '${smtp.url}', from: 'Kaiyuan <no-reply@example.com>' }`,
      ].join('\n'),
    });
    // The operator set the platform up earlier (the first owner).
    const setup = await fetch(`${server.url}/console/api/auth/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: 'operator@example.com',
        password: 'operator-pass',
        name: 'Op',
        orgName: 'Operator',
      }),
    });
    expect(setup.status).toBe(200);
    browser = await launchBrowser({ locale: 'en-US' });
    page = browser.page;
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await smtp?.close();
  });

  it('signs up from the sign-in page and is signed in on the free plan, unverified', async () => {
    await page.goto(server.url);
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.getByRole('heading', { name: 'Create an account' }).waitFor();
    await page.getByLabel('Email').fill(visitor.email);
    await page.getByLabel('Password').fill(visitor.password);
    await page.getByLabel('Organization name (optional)').fill('Visitor Labs');
    await saveScreenshot(page, 'sign-up');
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.getByTestId('account-menu').waitFor();
    await page.getByTestId('verify-banner').waitFor();
  });

  it('verifies the e-mail address from the link the local SMTP server received', async () => {
    const mail = await smtp.waitFor(visitor.email, /Verify your e-mail/);
    const { link, token } = tokenLink(mail);
    expect(link.startsWith('https://console.example.com/verify-email?token=')).toBe(true);
    await page.goto(`${server.url}/verify-email?token=${token}`);
    await page.getByText('Your e-mail address is verified.').waitFor();
    await page.getByText('The sign-up grant has been added to your balance.').waitFor();
    await saveScreenshot(page, 'verified');
    await page.getByRole('button', { name: 'Continue to the console' }).click();
    await page.getByTestId('account-menu').waitFor();
    expect(await page.getByTestId('verify-banner').count()).toBe(0);
  });

  it('creates a key and calls a free model at once', async () => {
    await page.getByRole('menuitem', { name: 'API keys' }).click();
    await page.getByTestId('create-key').click();
    const dialog = page.getByRole('dialog', { name: 'Create key' });
    await dialog.getByLabel('Name').fill('first app');
    await dialog.getByRole('button', { name: 'Create' }).click();
    const created = page.getByTestId('created-key');
    await created.waitFor();
    key = ((await created.textContent()) ?? '').trim();
    await page.getByTestId('key-created-done').click();
    const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: key, maxRetries: 0 });
    const answer = await client.chat.completions.create({
      model: 'sim-chat',
      messages: [{ role: 'user', content: 'hello' }],
      max_tokens: 24,
    });
    expect(answer.choices[0]!.message.content?.length).toBeGreaterThan(0);
  });

  it('runs out of the free grant and the sign-up grant: 402 with a message to top up, in the API and the console', async () => {
    const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: key, maxRetries: 0 });
    let succeeded = 1;
    let refusal: InstanceType<typeof OpenAI.APIError> | null = null;
    for (let call = 0; call < 60 && !refusal; call++) {
      try {
        await client.chat.completions.create({
          model: 'sim-chat',
          messages: [{ role: 'user', content: 'hello' }],
          max_tokens: 24,
        });
        succeeded++;
      } catch (error) {
        if (!(error instanceof OpenAI.APIError)) throw error;
        refusal = error;
      }
    }
    expect(refusal?.status).toBe(402);
    expect(refusal?.code).toBe('insufficient_quota');
    expect(refusal?.message).toMatch(/Top up your balance/);
    // The monthly grant (150 tokens) paid the first calls, the sign-up grant (¥0.0005) the next ones.
    expect(succeeded).toBeGreaterThan(5);
    console.log(`free start: ${succeeded} calls answered before 402`);

    const organizations = await adminCall(server.url, 'GET', '/admin/v1/organizations');
    const organization = organizations.data.find((candidate: { name: string }) => candidate.name === 'Visitor Labs');
    const ledger = await adminCall(server.url, 'GET', `/admin/v1/organizations/${organization.id}/ledger`);
    const kinds = ledger.data.map((entry: { kind: string }) => entry.kind);
    expect(kinds.filter((kind: string) => kind === 'grant')).toHaveLength(1);
    expect(kinds).toContain('usage_debit');
    const grant = ledger.data.find((entry: { kind: string }) => entry.kind === 'grant');
    expect(grant).toMatchObject({ amount: '0.0005', idempotencyKey: `signup-grant:${organization.id}` });

    await page.getByRole('menuitem', { name: 'Playground' }).click();
    await page.getByTestId('chat-input').waitFor();
    await expect.poll(() => page.getByTestId('chat-input').isEnabled()).toBe(true);
    await page.getByTestId('chat-input').fill('one more');
    await page.getByTestId('chat-input').press('Enter');
    const hint = page.getByTestId('quota-hint');
    await hint.waitFor();
    expect(await hint.textContent()).toContain('Top up');
    await saveScreenshot(page, 'quota-402');
    await hint.getByRole('link', { name: 'Top up on the Billing page' }).click();
    await page.getByTestId('packages-card').waitFor();
    expect(browser.problems.filter((problem) => !problem.includes('402'))).toEqual([]);
  });
});
