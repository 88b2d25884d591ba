import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const chromiumPath = '/usr/bin/chromium';
export const chromiumAvailable = existsSync(chromiumPath);

/** Where the tests save screenshots of the main pages (git-ignored, kept by CI). */
export const screenshotDirectory = fileURLToPath(new URL('../screenshots/', import.meta.url));

const launchArguments = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

export interface TestBrowser {
  context: BrowserContext;
  page: Page;
  /** Errors the page threw, dialogs it opened and console errors: all should stay empty. */
  problems: string[];
  close(): Promise<void>;
}

/** Launches Debian's Chromium headless with a fresh user-data-dir and opens one page. */
export async function launchBrowser(options: { locale?: string } = {}): Promise<TestBrowser> {
  const userDataDirectory = mkdtempSync(path.join(tmpdir(), 'kaiyuan-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDirectory, {
    executablePath: chromiumPath,
    headless: true, // adds --headless
    args: launchArguments,
    locale: options.locale ?? 'en-US',
    viewport: { width: 1366, height: 900 },
    timeout: 30_000,
  });
  context.setDefaultTimeout(15_000);
  const page = context.pages()[0] ?? (await context.newPage());
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.type()} ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('console', (message) => {
    if (message.type() === 'error' && !/Failed to load resource/.test(message.text()))
      problems.push(`console error: ${message.text()}`);
  });
  return {
    context,
    page,
    problems,
    close: async () => {
      await context.close();
      rmSync(userDataDirectory, { recursive: true, force: true });
    },
  };
}

export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDirectory, { recursive: true });
  const file = path.join(screenshotDirectory, `${name}.png`);
  await page.waitForTimeout(250); // let Ant Design's enter animations finish
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
  return file;
}
