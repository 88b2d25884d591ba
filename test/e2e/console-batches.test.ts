import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableOrSkipped } from '../support/required-in-ci.ts';
import { chatLines } from '../batches/batch-support.ts';
import { chromiumAvailable, chromiumPath, saveScreenshot, type TestBrowser } from './support/browser.ts';
import { ownerAccount } from './support/console-auth.ts';
import type { KaiyuanServer } from './support/kaiyuan-server.ts';
import { topUpOrganization } from './support/operator-api.ts';
import { signedInConsole } from './support/signed-in-console.ts';

const browserTests = availableOrSkipped(
  chromiumAvailable,
  `Chromium is missing at ${chromiumPath}: the console's browser tests cannot run (apt-get install chromium)`,
);

/** The batches page in a real browser: upload a file, watch the progress, download the results. */
describe.runIf(browserTests)('console batches page (chromium)', () => {
  let server: KaiyuanServer;
  let browser: TestBrowser;
  let page: Page;

  beforeAll(async () => {
    ({ server, browser, page } = await signedInConsole());
    await topUpOrganization(server, ownerAccount.orgName, '100');
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('uploads a batch file, shows the progress to completion and downloads one result line per request', async () => {
    const file = path.join(os.tmpdir(), `kaiyuan-e2e-batch-${process.pid}.jsonl`);
    writeFileSync(file, chatLines(20));
    await page.getByRole('menuitem', { name: 'Batches' }).click();
    await page.getByRole('heading', { name: 'Batches' }).waitFor();
    await page.getByTestId('batch-file').setInputFiles(file);
    await page.getByTestId('batch-start').click();
    await expect
      .poll(() => page.getByTestId('batch-status').first().getAttribute('data-status'), { timeout: 30_000 })
      .toBe('completed');
    expect(await page.getByTestId('batch-counts').first().textContent()).toBe('20 done, 0 failed of 20');
    await saveScreenshot(page, 'batches');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('download-output').first().click(),
    ]);
    const saved = path.join(os.tmpdir(), `kaiyuan-e2e-batch-output-${process.pid}.jsonl`);
    await download.saveAs(saved);
    const lines = readFileSync(saved, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((line) => line.custom_id)).toEqual(Array.from({ length: 20 }, (_, index) => `request-${index}`));
    expect(lines[7].response.body.choices[0].message.content).toContain('"item 7"');
  });

  it('names the bad line of a refused file, and shows the page in Chinese', async () => {
    const file = path.join(os.tmpdir(), `kaiyuan-e2e-batch-bad-${process.pid}.jsonl`);
    writeFileSync(file, `${chatLines(1)}{"custom_id": "x"\n`);
    await page.getByTestId('batch-file').setInputFiles(file);
    await page.getByTestId('batch-start').click();
    await expect
      .poll(async () => (await page.getByRole('alert').first().textContent()) ?? '')
      .toContain('Line 2: not valid JSON');
    await page.evaluate(() => localStorage.setItem('kaiyuan.language', 'zh-CN'));
    await page.reload();
    await page.getByRole('heading', { name: '批量推理' }).waitFor();
    expect(await page.getByTestId('batch-status').first().textContent()).toBe('已完成');
    await page.evaluate(() => localStorage.setItem('kaiyuan.language', 'en'));
  });
});
