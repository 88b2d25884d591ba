import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableOrSkipped } from '../support/required-in-ci.ts';
import { chromiumAvailable, chromiumPath, launchBrowser, saveScreenshot, type TestBrowser } from './support/browser.ts';
import { completeFirstRun } from './support/console-auth.ts';
import { startKaiyuanServer, type KaiyuanServer } from './support/kaiyuan-server.ts';

const browserTests = availableOrSkipped(
  chromiumAvailable,
  `Chromium is missing at ${chromiumPath}: the console's browser tests cannot run (apt-get install chromium)`,
);

const owner = {
  name: 'Li Lei',
  email: 'newcomer@example.com',
  orgName: 'Newcomer Co',
  password: 'newcomer password 123',
};

/**
 * A newcomer's first minutes on a fresh platform, as the operator: first run, a key that works at
 * once, a top-up that is confirmed and refuses a negative amount, translated server messages and
 * ledger lines, redemption codes by batch, and the key list at phone width.
 */
describe.runIf(browserTests)('console for a newcomer (chromium)', () => {
  let server: KaiyuanServer;
  let browser: TestBrowser;
  let page: Page;
  let key = '';

  const call = (model = 'sim-chat') =>
    fetch(`${server.baseUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model, messages: [{ role: 'user', content: 'first call' }], max_tokens: 8 }),
    });
  const orgRow = () => page.getByRole('row', { name: new RegExp(owner.orgName) });

  beforeAll(async () => {
    server = await startKaiyuanServer();
    browser = await launchBrowser({ locale: 'en-US' });
    page = browser.page;
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  }, 120_000);

  it('first run, then a key created in the console answers at once (no top-up, no 402)', async () => {
    await page.goto(server.baseUrl);
    await page.getByRole('heading', { name: 'Welcome to Kaiyuan' }).waitFor();
    await completeFirstRun(page, owner);
    // The dashboard's checklist starts with nothing done and shows the code of the first call.
    await page.getByRole('menuitem', { name: 'Dashboard' }).click();
    await page.getByTestId('onboarding').waitFor();
    expect(await page.getByTestId('onboarding-createKey').getAttribute('data-done')).toBe('false');
    expect(await page.getByTestId('onboarding-code').textContent()).toContain(`${server.baseUrl}/v1/chat/completions`);
    await saveScreenshot(page, 'newcomer-onboarding');

    await page.getByRole('menuitem', { name: 'API keys' }).click();
    await page.getByTestId('create-key').click();
    const dialog = page.getByRole('dialog', { name: 'Create key' });
    await dialog.getByLabel('Name').fill('first key');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await page.getByTestId('created-key').waitFor();
    key = ((await page.getByTestId('created-key').textContent()) ?? '').trim();
    const answer = await call();
    expect(answer.status, await answer.clone().text()).toBe(200);
    await page.getByTestId('key-created-done').click();

    // The key list shows the call: last used, spend this month (list price, not charged).
    await page.reload();
    const row = page.getByRole('row', { name: /first key/ });
    await expect.poll(async () => (await row.textContent()) ?? '').toContain('Requests: 1');
    expect(await row.textContent()).not.toContain('Not used');
    await saveScreenshot(page, 'newcomer-api-keys');
    // The checklist ticked the key and the first call off by itself.
    await page.getByRole('menuitem', { name: 'Dashboard' }).click();
    await expect.poll(() => page.getByTestId('onboarding-firstCall').getAttribute('data-done')).toBe('true');
    expect(await page.getByTestId('onboarding-createKey').getAttribute('data-done')).toBe('true');
  }, 120_000);

  it('lists a refused request among the dashboard’s recent errors', async () => {
    const refused = await call('no-such-model');
    expect(refused.status).toBe(404);
    const requestId = refused.headers.get('x-request-id')!;
    // A body the schema refuses (400) is logged too, with its key.
    const invalid = await fetch(`${server.baseUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'sim-chat', messages: 'not a list' }),
    });
    expect(invalid.status).toBe(400);
    const invalidId = invalid.headers.get('x-request-id')!;
    // The request log is written in batches (about a second): reload until the refusal is there.
    await expect
      .poll(
        async () => {
          await page.goto(`${server.baseUrl}/dashboard`);
          // The table's code is fetched when the card (below the charts) comes into view.
          await page.getByTestId('recent-errors').scrollIntoViewIfNeeded();
          await page.getByTestId('recent-errors').locator('.ant-table').waitFor();
          return (await page.getByTestId('recent-errors').textContent()) ?? '';
        },
        { timeout: 20_000, interval: 1_000 },
      )
      .toContain(requestId);
    const recent = (await page.getByTestId('recent-errors').textContent()) ?? '';
    expect(recent).toContain('model_not_found');
    expect(recent).toContain(invalidId);
    expect(recent).toContain('refused · 400');
  }, 60_000);

  it('refuses a negative top-up in the form and confirms a real one before crediting', async () => {
    await page.goto(`${server.baseUrl}/platform?tab=organizations`);
    await expect.poll(async () => (await orgRow().textContent()) ?? '').toContain('¥0.00');
    expect(await orgRow().textContent()).toContain('Platform (unbilled)');
    await orgRow().getByRole('button', { name: 'Top up' }).click();
    const dialog = page.getByRole('dialog', { name: `Top up: ${owner.orgName}` });
    await dialog.getByLabel('Amount').fill('-5');
    await dialog.getByRole('button', { name: 'OK' }).click();
    await dialog.getByText('Enter an amount above zero.').waitFor();
    expect(await page.locator('.ant-modal-confirm').count()).toBe(0);

    await dialog.getByLabel('Amount').fill('5');
    await dialog.getByRole('button', { name: 'OK' }).click();
    const confirm = page.locator('.ant-modal-confirm');
    await confirm.waitFor();
    expect(await confirm.textContent()).toContain(`Add ¥5.00 to the balance of ${owner.orgName}?`);
    await saveScreenshot(page, 'newcomer-top-up-confirm');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => confirm.count()).toBe(0);
    await dialog.getByRole('button', { name: 'OK' }).click();
    await confirm.waitFor();
    await confirm.getByRole('button', { name: 'Top up' }).click();
    await expect.poll(async () => (await orgRow().textContent()) ?? '').toContain('¥5.00');
  }, 120_000);

  it('shows the ledger line in the reader’s language and money one way', async () => {
    await page.getByRole('menuitem', { name: 'Billing' }).click();
    const ledger = page.getByTestId('ledger-table');
    await expect.poll(async () => (await ledger.textContent()) ?? '', { timeout: 15_000 }).toContain('+¥5.00');
    expect(await page.getByTestId('billing-balance').textContent()).toContain('¥5.00');
    await page.getByTestId('language-switch').getByText('中文').click();
    await expect.poll(async () => (await ledger.textContent()) ?? '').toContain('充值');
    expect(await ledger.textContent()).not.toContain('Top-up');
    await saveScreenshot(page, 'newcomer-billing-zh-cn');
    await page.getByTestId('language-switch').getByText('English').click();
  }, 120_000);

  it('generates redemption codes only after a confirmation, listed by batch with their value', async () => {
    await page.goto(`${server.baseUrl}/platform?tab=codes`);
    await page.getByTestId('codes-generate').click();
    const confirm = page.locator('.ant-modal-confirm');
    await confirm.waitFor();
    expect(await confirm.textContent()).toContain('10 codes worth ¥10.00 each, ¥100.00 in all');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await page.waitForTimeout(300);
    expect(await page.getByTestId('codes-generated').count()).toBe(0);
    await page.getByTestId('codes-generate').click();
    await confirm.getByRole('button', { name: 'Generate' }).click();
    await page.getByTestId('codes-generated').waitFor();
    const batches = page.getByTestId('code-batches');
    await expect.poll(async () => await batches.locator('tbody tr.ant-table-row').count()).toBe(1);
    expect(await batches.textContent()).toContain('¥10.00');
    expect(await batches.textContent()).toContain('0 / 10');
    await saveScreenshot(page, 'newcomer-redemption-codes');
  }, 120_000);

  it('translates server errors by code: a wrong password in Chinese', async () => {
    await page.getByTestId('language-switch').getByText('中文').click();
    await page.getByTestId('account-menu').click();
    await page.getByRole('menuitem', { name: '退出登录' }).click();
    await page.getByLabel('邮箱').fill(owner.email);
    await page.getByLabel('密码').fill('wrong password');
    await page.getByRole('button', { name: /^登\s*录$/ }).click();
    await expect
      .poll(async () => (await page.getByRole('alert').first().textContent()) ?? '')
      .toContain('邮箱或密码不正确');
    await saveScreenshot(page, 'newcomer-sign-in-error-zh-cn');
    await page.getByLabel('密码').fill(owner.password);
    await page.getByRole('button', { name: /^登\s*录$/ }).click();
    await page.getByTestId('account-menu').waitFor();
    await page.getByTestId('language-switch').getByText('English').click();
  }, 120_000);

  it('lists keys as readable cards at 390 px', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.baseUrl}/api-keys`);
    const card = page.getByRole('row', { name: 'first key' });
    await card.waitFor();
    const box = await card.boundingBox();
    expect(box!.width).toBeLessThanOrEqual(390);
    expect(await card.textContent()).toContain('Spend this month');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await saveScreenshot(page, 'newcomer-api-keys-390');
    await page.setViewportSize({ width: 1366, height: 900 });
    expect(browser.problems).toEqual([]);
  }, 120_000);
});
