import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { launchBrowser, type TestBrowser } from './browser.ts';
import { completeFirstRun, consoleAuthAvailable } from './console-auth.ts';
import { startKaiyuanServer, type KaiyuanServer } from './kaiyuan-server.ts';

export interface SignedInConsole {
  server: KaiyuanServer;
  browser: TestBrowser;
  page: Page;
}

/**
 * A server of its own and a browser (English) signed in to its console as the owner the first run
 * creates. `watch` sees the page before its first visit (to record requests, say). Whatever started
 * is stopped again when a step fails.
 */
export async function signedInConsole(watch?: (page: Page) => void): Promise<SignedInConsole> {
  const server = await startKaiyuanServer();
  let browser: TestBrowser | undefined;
  try {
    expect(await consoleAuthAvailable(server.baseUrl)).toBe(true);
    browser = await launchBrowser({ locale: 'en-US' });
    const page = browser.page;
    watch?.(page);
    await page.goto(server.baseUrl);
    await completeFirstRun(page);
    return { server, browser, page };
  } catch (error) {
    await browser?.close();
    await server.stop();
    throw error;
  }
}
