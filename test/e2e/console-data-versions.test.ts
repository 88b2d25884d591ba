import { rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableOrSkipped } from '../support/required-in-ci.ts';
import { chromiumAvailable, chromiumPath, saveScreenshot, type TestBrowser } from './support/browser.ts';
import type { KaiyuanServer } from './support/kaiyuan-server.ts';
import { signedInConsole } from './support/signed-in-console.ts';

const browserTests = availableOrSkipped(
  chromiumAvailable,
  `Chromium is missing at ${chromiumPath}: the console's browser tests cannot run (apt-get install chromium)`,
);

const patience = { timeout: 30_000 };

/**
 * The data page's version list in Chromium: one selected version at every moment of a recipe run
 * (never two rows, never a jump through an older version), a pick made during a run kept, and the
 * import and statistics details of issue 21's bug 8 (partial import, step numbers, samples).
 */
describe.runIf(browserTests)('console data page versions (chromium)', () => {
  let server: KaiyuanServer;
  let browser: TestBrowser;
  let page: Page;
  const files: string[] = [];

  const writeRows = (name: string, lines: string[]) => {
    const file = path.join(os.tmpdir(), `kaiyuan-e2e-${name}-${process.pid}.jsonl`);
    writeFileSync(file, lines.join('\n'));
    files.push(file);
    return file;
  };
  /** The versions whose rows are checked or highlighted as selected. */
  const selectedRows = () =>
    // One evaluation in the page (atomic with respect to React's commits).
    page.evaluate(() =>
      Array.from(document.querySelectorAll('[data-testid="versions-table"] tr.ant-table-row'))
        .filter(
          (row) =>
            row.classList.contains('ant-table-row-selected') ||
            (row.querySelector('input[type="radio"]') as HTMLInputElement | null)?.checked,
        )
        .map((row) => row.getAttribute('data-row-key')),
    );
  const versionsListed = () =>
    page
      .getByTestId('versions-table')
      .locator('tr.ant-table-row')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-row-key')));

  beforeAll(async () => {
    ({ server, browser, page } = await signedInConsole());
  }, 90_000);

  afterAll(async () => {
    for (const file of files) rmSync(file, { force: true });
    await browser?.close();
    await server?.stop();
  });

  it('reports a 1-of-3-valid import as partial, not as a plain success', async () => {
    await page.getByRole('menuitem', { name: 'Data' }).click();
    await page.getByTestId('create-dataset').click();
    const dialog = page.getByRole('dialog', { name: 'New dataset' });
    await dialog.getByLabel('Name').fill('e2e versions');
    await dialog.getByRole('button', { name: 'OK' }).click();
    const partial = writeRows('partial', [
      '{"text": "客户反馈：物流很快，包装完好。"}',
      '{"text": "broken',
      'not json at all',
    ]);
    await page.getByTestId('import-file').setInputFiles(partial);
    await page.getByTestId('import-start').click();
    const outcome = page.getByTestId('import-outcome');
    await outcome.waitFor(patience);
    expect(await outcome.getAttribute('data-partial')).toBe('true');
    expect(await outcome.textContent()).toContain('1');
    expect(await outcome.getAttribute('class')).toContain('ant-alert-warning');
    await expect.poll(versionsListed, patience).toEqual(['1']);
    // The import is no step of a recipe: its row has no "-1".
    const steps = await page
      .getByTestId('operator-statistics')
      .locator('tr.ant-table-row td:first-child')
      .allTextContents();
    expect(steps).not.toContain('-1');
  });

  it('keeps exactly one selected version through a recipe run, and selects the new one without a detour', async () => {
    const rows = Array.from({ length: 400 }, (_, index) =>
      JSON.stringify({ text: `Order ${index % 300} was delivered on time and the customer was satisfied.` }),
    );
    await page.getByTestId('import-file').setInputFiles(writeRows('rows', rows));
    await page.getByTestId('import-start').click();
    await expect.poll(versionsListed, patience).toEqual(['2', '1']);
    await expect.poll(selectedRows, patience).toEqual(['2']); // the import selected what it made

    // Pick v1 and run the recipe on it: the recipe card says so.
    await page.getByTestId('versions-table').locator('tr[data-row-key="1"]').click();
    await expect.poll(selectedRows).toEqual(['1']);
    expect(await page.getByTestId('recipe-source').textContent()).toContain('v1');
    // The reload of the dataset after the run is slowed down: the moment the old code jumped through.
    await page.route('**/v1/datasets/*', async (route) => {
      if (route.request().method() === 'GET') await new Promise((resolve) => setTimeout(resolve, 1500));
      await route.continue();
    });
    await page.getByTestId('recipe-run').click();
    const seen: string[] = [];
    for (let waited = 0; waited < 60_000; waited += 100) {
      const selected = await selectedRows();
      expect(selected, `selected rows at ${waited} ms`).toHaveLength(1);
      if (seen[seen.length - 1] !== selected[0]) seen.push(selected[0]!);
      if (selected[0] === '3') break;
      await page.waitForTimeout(100);
    }
    expect(seen).toEqual(['1', '3']); // never v2 (the newest before the run) in between
    expect(await page.getByTestId('versions-table').locator('tr[data-row-key="3"]').textContent()).toContain('v1');
    await page.unroute('**/v1/datasets/*');

    // Run on v2 (400 rows, a quarter of them duplicates): v4.
    await page.getByTestId('versions-table').locator('tr[data-row-key="2"]').click();
    await expect.poll(selectedRows).toEqual(['2']);
    await page.getByTestId('recipe-run').click();
    await expect.poll(selectedRows, patience).toEqual(['4']);

    // exact_dedup's "changed" samples are real changes: before and after differ.
    const samples = page.getByTestId('removed-samples');
    await samples.waitFor(patience);
    const modified = await samples.locator('> div').evaluateAll((entries) =>
      entries
        .filter((entry) => entry.querySelector('.ant-tag')?.textContent === 'Changed')
        .map((entry) => ({
          before: entry.querySelector('[data-testid="sample-before"]')?.textContent ?? '',
          after: entry.querySelectorAll('p')[1]?.textContent?.replace(/^→ /, '') ?? null,
        })),
    );
    for (const sample of modified) expect(sample.after).not.toBe(sample.before);
    await saveScreenshot(page, 'data-versions');
  }, 90_000);

  it('keeps a version picked while a run is going, and shows the new version beside it', async () => {
    // Job polling slowed down so that the run lasts long enough to pick another version.
    await page.route('**/v1/jobs/*', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 700));
      await route.continue();
    });
    await page.getByTestId('recipe-run').click(); // on v4
    await page.getByTestId('versions-table').locator('tr[data-row-key="2"]').click();
    await expect.poll(selectedRows).toEqual(['2']);
    await expect.poll(versionsListed, patience).toEqual(['5', '4', '3', '2', '1']);
    await page.waitForTimeout(500);
    expect(await selectedRows()).toEqual(['2']);
    expect(await page.getByTestId('recipe-source').textContent()).toContain('v2');
    await page.unroute('**/v1/jobs/*');
    expect(browser.problems).toEqual([]);
  }, 90_000);
});
