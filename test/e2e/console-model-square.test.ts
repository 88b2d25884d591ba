import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableOrSkipped } from '../support/required-in-ci.ts';
import { startServerProcess, type ServerProcess } from '../support/server-process.ts';
import { chromiumAvailable, chromiumPath, launchBrowser, saveScreenshot, type TestBrowser } from './support/browser.ts';

const browserTests = availableOrSkipped(
  chromiumAvailable,
  `Chromium is missing at ${chromiumPath}: the model square browser test cannot run (apt-get install chromium)`,
);

/**
 * A visitor who has not signed in browses the model square in Chinese and in English: the
 * published models with their prices, the free badge only on what a new account gets free,
 * filters, a model's page with a code sample, and the call to action that leads to sign-up.
 */
describe.runIf(browserTests)('model square, signed out (chromium)', () => {
  let server: ServerProcess;

  beforeAll(async () => {
    server = await startServerProcess({
      configYaml: [
        'server:',
        '  host: 127.0.0.1',
        'discovery:',
        '  enabled: false',
        'simulator:',
        '  enabled: true',
        'signup:',
        '  policy: open',
      ].join('\n'),
    });
    const setup = await fetch(`${server.url}/console/api/auth/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'operator@example.com', password: 'operator-pass', name: 'Op', orgName: 'Op' }),
    });
    expect(setup.status).toBe(200);
  }, 90_000);

  afterAll(async () => {
    await server?.stop();
  });

  async function visit(locale: string, run: (page: Page, browser: TestBrowser) => Promise<void>) {
    const browser = await launchBrowser({ locale });
    try {
      await run(browser.page, browser);
      expect(browser.problems).toEqual([]);
    } finally {
      await browser.close();
    }
  }

  it('zh-CN: lists the models with prices and free badges, filters, and leads to sign-up', async () => {
    await visit('zh-CN', async (page) => {
      // A visitor finds the square from the sign-in page.
      await page.goto(`${server.url}/`);
      await page.getByRole('link', { name: '浏览模型广场' }).click();
      await page.getByRole('heading', { name: '模型广场' }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/square');
      const card = (id: string) => page.getByTestId('square-card').filter({ hasText: id });
      await card('sim-chat').waitFor();
      // sim-chat is free-tier on the sign-up plan (its monthly free tokens); sim-reasoner is not.
      expect(await card('sim-chat').getByTestId('square-free').textContent()).toContain('每月免费');
      expect(await card('sim-reasoner').getByTestId('square-free').count()).toBe(0);
      expect(await card('sim-chat').getByTestId('square-price').textContent()).toMatch(/输入 ¥1\.00 · 输出 ¥2\.00/);
      await saveScreenshot(page, 'model-square-zh-cn');

      // Filter by capability: only the embedding model stays.
      await page.getByTestId('square-capability').click();
      await page.getByTitle('向量').click();
      await expect.poll(() => page.getByTestId('square-card').count()).toBe(1);
      await card('sim-embed').waitFor();

      await card('sim-embed').getByRole('button', { name: /详情/ }).click();
      await page.getByTestId('square-detail').waitFor();
      expect(await page.getByTestId('square-code').textContent()).toContain(`${server.url}/v1`);
      await page.getByTestId('square-cta').click();
      await page.getByRole('heading', { name: '注册账号' }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/sign-up');
    });
  }, 60_000);

  it('en: a model’s page shows every plan’s price, the code sample and the call to action', async () => {
    await visit('en-US', async (page) => {
      await page.goto(`${server.url}/square?model=sim-chat`);
      await page.getByTestId('square-detail').waitFor();
      await page.getByTestId('square-detail').getByText('sim-chat', { exact: true }).first().waitFor();
      const prices = page.getByTestId('square-prices');
      const row = (plan: string) => prices.locator('tr').filter({ hasText: plan });
      await row('Free').waitFor();
      expect(await row('Free').textContent()).toContain('new accounts');
      expect(await row('Pro').textContent()).toContain('¥1.00');
      const code = (await page.getByTestId('square-code').textContent()) ?? '';
      expect(code).toContain('"sim-chat"');
      expect(code).toContain(`${server.url}/v1`);
      await page.getByRole('tab', { name: 'cURL' }).click();
      expect(await page.getByTestId('square-code').textContent()).toContain('/v1/chat/completions');
      expect(await page.getByTestId('square-free-note').textContent()).toContain('free tokens a month');
      await saveScreenshot(page, 'model-square-detail-en');

      await page.getByRole('button', { name: 'All models' }).click();
      await page.getByRole('heading', { name: 'Model square' }).waitFor();
      await page.getByTestId('square-sign-up').click();
      await page.getByRole('heading', { name: 'Create an account' }).waitFor();
    });
  }, 60_000);
});
