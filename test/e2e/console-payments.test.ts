import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/main.ts';
import { availableOrSkipped } from '../support/required-in-ci.ts';
import { adminCall } from '../support/server-process.ts';
import { startPaymentFakes, startPaymentServer, type PaymentFakes } from '../support/fake-payments/payment-platform.ts';
import { chromiumAvailable, chromiumPath, launchBrowser, saveScreenshot, type TestBrowser } from './support/browser.ts';
import { completeFirstRun, ownerAccount } from './support/console-auth.ts';

const browserTests = availableOrSkipped(
  chromiumAvailable,
  `Chromium is missing at ${chromiumPath}: the console's payment test cannot run (apt-get install chromium)`,
);

/** A customer tops up through the console with a fake Alipay, and the paid call that was refused succeeds. */
describe.runIf(browserTests)('console top-up (chromium)', () => {
  let fakes: PaymentFakes;
  let server: RunningServer;
  let browser: TestBrowser;
  let page: Page;

  beforeAll(async () => {
    fakes = await startPaymentFakes();
    server = await startPaymentServer(fakes);
    browser = await launchBrowser({ locale: 'en-US' });
    page = browser.page;
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await fakes?.close();
  });

  it('tops up with Alipay: QR code, live status until credited, then a paid call succeeds', async () => {
    await page.goto(server.url);
    await completeFirstRun(page, { ...ownerAccount, orgName: 'Pay E2E' });

    // A pay-as-you-go organization with an empty balance: a paid call is refused with 402.
    const organizations = await adminCall(server.url, 'GET', '/admin/v1/organizations');
    const organization = organizations.data.find((item: { name: string }) => item.name === 'Pay E2E');
    // The first-run organization is the operator's own (unbilled); this one is billed like a customer's.
    await adminCall(server.url, 'PATCH', `/admin/v1/organizations/${organization.id}`, { plan: 'pro', house: false });
    const { key } = await adminCall(server.url, 'POST', '/admin/v1/keys', { orgId: organization.id, name: 'app' });
    const chat = () =>
      fetch(`${server.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'sim-chat', messages: [{ role: 'user', content: 'hi' }] }),
      });
    const refused = await chat();
    expect(refused.status).toBe(402);

    await page.goto(`${server.url}/billing`);
    await page.getByRole('button', { name: '100' }).click();
    await page.getByRole('radio', { name: 'Alipay' }).check();
    await page.getByRole('button', { name: 'Pay' }).click();
    await page.getByTestId('top-up-qr').waitFor();
    expect(await page.getByTestId('top-up-status').textContent()).toContain('Waiting for payment');
    await saveScreenshot(page, 'top-up-qr');

    const orderId = [...fakes.alipay.trades.keys()].at(-1)!;
    expect(fakes.alipay.trades.get(orderId)?.totalAmount).toBe('100.00');
    expect((await fakes.alipay.pay(orderId)).status).toBe(200);
    await expect
      .poll(() => page.getByTestId('top-up-status').textContent(), { timeout: 15_000 })
      .toContain('Paid and credited');
    await expect.poll(() => page.getByTestId('billing-balance').textContent(), { timeout: 10_000 }).toContain('100');
    await page.getByRole('link', { name: 'PDF' }).first().waitFor();
    await saveScreenshot(page, 'top-up-credited');

    const paid = await chat();
    expect(paid.status).toBe(200);
  });
});
