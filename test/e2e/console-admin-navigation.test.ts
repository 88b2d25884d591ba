import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableOrSkipped } from '../support/required-in-ci.ts';
import { chromiumAvailable, chromiumPath, saveScreenshot, type TestBrowser } from './support/browser.ts';
import type { KaiyuanServer } from './support/kaiyuan-server.ts';
import { signedInConsole } from './support/signed-in-console.ts';

const browserTests = availableOrSkipped(
  chromiumAvailable,
  `Chromium is missing at ${chromiumPath}: the console's browser tests cannot run (apt-get install chromium)`,
);

/** The platform page's sections (the ?tab= of the URL) in groups, with their labels in both languages. */
const groups = [
  {
    label: { en: 'Models and routing', 'zh-CN': '模型与路由' },
    sections: [
      ['deployments', { en: 'Deployments', 'zh-CN': '部署' }],
      ['routing', { en: 'Routing', 'zh-CN': '路由' }],
      ['channels', { en: 'Channels', 'zh-CN': '渠道' }],
    ],
  },
  {
    label: { en: 'Customers', 'zh-CN': '客户' },
    sections: [
      ['organizations', { en: 'Organizations', 'zh-CN': '组织' }],
      ['users', { en: 'Users', 'zh-CN': '用户' }],
      ['signup', { en: 'Sign-up', 'zh-CN': '注册' }],
    ],
  },
  {
    label: { en: 'Plans and offers', 'zh-CN': '套餐与优惠' },
    sections: [
      ['plans', { en: 'Plans and prices', 'zh-CN': '套餐与价格' }],
      ['packages', { en: 'Packages', 'zh-CN': '套餐' }],
      ['codes', { en: 'Redemption codes', 'zh-CN': '兑换码' }],
    ],
  },
  {
    label: { en: 'Revenue', 'zh-CN': '收入' },
    sections: [
      ['payments', { en: 'Payments', 'zh-CN': '支付' }],
      ['economics', { en: 'Economics', 'zh-CN': '经营分析' }],
    ],
  },
  {
    label: { en: 'Notices and audit', 'zh-CN': '通知与审计' },
    sections: [
      ['notifications', { en: 'Notifications', 'zh-CN': '通知记录' }],
      ['audit', { en: 'Audit trail', 'zh-CN': '审计日志' }],
    ],
  },
] as const;
type Language = 'en' | 'zh-CN';

/** Desktop widths (side menu beside the page) and a phone. */
const widths = [1280, 1024, 390] as const;

/**
 * The platform page at 1280, 1024 and 390 px in English and Chinese: the page never scrolls
 * sideways, and every section is reached through the page's own navigation, its label shown whole
 * (not cut, not pushed into an overflow menu).
 */
describe.runIf(browserTests)('platform page navigation (chromium)', () => {
  let server: KaiyuanServer;
  let browser: TestBrowser;
  let page: Page;

  beforeAll(async () => {
    ({ server, browser, page } = await signedInConsole());
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const language of ['en', 'zh-CN'] as const) {
    for (const width of widths) {
      it(`reaches every section at ${width} px (${language})`, async () => {
        await page.setViewportSize({ width, height: 800 });
        await page.evaluate((code) => localStorage.setItem('kaiyuan.language', code), language);
        await page.goto(`${server.baseUrl}/platform?tab=deployments`);
        await page.getByTestId('admin-navigation').waitFor();
        await saveScreenshot(page, `admin-navigation-${language}-${width}`);
        for (const group of groups) {
          for (const [key, label] of group.sections) {
            await openSection(page, width, group.label[language], label[language], language);
            await expect.poll(() => new URL(page.url()).searchParams.get('tab')).toBe(key);
            await expectNoSidewaysScroll(page, `${key} at ${width} px (${language})`);
          }
        }
        // Opened by its address, a section shows its group and itself as chosen.
        await page.goto(`${server.baseUrl}/platform?tab=economics`);
        await page.getByTestId('admin-navigation').waitFor();
        if (width >= 768) {
          const groupTab = page.getByRole('tab', { name: groups[3].label[language], exact: true });
          expect(await groupTab.getAttribute('aria-selected')).toBe('true');
          const sectionTab = page.getByRole('tab', { name: groups[3].sections[1][1][language], exact: true });
          expect(await sectionTab.getAttribute('aria-selected')).toBe('true');
        } else {
          await expect
            .poll(() => page.getByTestId('admin-section-select').textContent())
            .toContain(groups[3].sections[1][1][language]);
        }
        expect(browser.problems).toEqual([]);
      }, 120_000);
    }
  }
});

/** Opens a section the way a user does: its group's tab then its own tab, or the section picker on a phone. */
async function openSection(page: Page, width: number, group: string, section: string, language: Language) {
  const navigation = page.getByTestId('admin-navigation');
  if (width >= 768) {
    const groupTab = navigation.getByRole('tab', { name: group, exact: true });
    await expectShownWhole(page, groupTab, `group ${group} at ${width} px (${language})`);
    await groupTab.click();
    const sectionTab = navigation.getByRole('tab', { name: section, exact: true });
    await expectShownWhole(page, sectionTab, `section ${section} at ${width} px (${language})`);
    await sectionTab.click();
  } else {
    await navigation.getByTestId('admin-section-select').click();
    const item = page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
      .filter({ has: page.getByText(section, { exact: true }) });
    await expectShownWhole(page, item.locator('.ant-select-item-option-content'), `option ${section} (${language})`);
    // A click while Ant Design's dropdown is still sliding in can be lost (seen once under CI load):
    // wait for the motion to end, as a user's eye would.
    await page.waitForFunction(() => document.querySelector('.ant-select-dropdown[class*="-enter"]') === null);
    await item.click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').waitFor({ state: 'hidden' });
  }
  // No tab of the navigation is hidden behind Ant Design's "more" menu.
  expect(await navigation.locator('.ant-tabs-nav-operations:not(.ant-tabs-nav-operations-hidden)').count()).toBe(0);
}

/** The element is visible, inside the viewport and inside every clipping ancestor, and its text is not cut. */
async function expectShownWhole(page: Page, element: Locator, what: string): Promise<void> {
  await element.waitFor();
  // Polled: menus and tab bars animate in.
  const problem = () =>
    element.evaluate((node) => {
      const box = node.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) return 'has no size';
      if (box.left < 0 || box.right > window.innerWidth + 0.5)
        return `sticks out of the viewport (${box.left}–${box.right})`;
      if (node.scrollWidth > node.clientWidth + 1) return `text is cut (${node.scrollWidth} > ${node.clientWidth})`;
      for (let ancestor = node.parentElement; ancestor; ancestor = ancestor.parentElement) {
        const style = getComputedStyle(ancestor);
        if (style.overflowX === 'visible') continue;
        const clip = ancestor.getBoundingClientRect();
        if (box.left < clip.left - 0.5 || box.right > clip.right + 0.5)
          return `is cut by ${ancestor.className || ancestor.tagName} (${box.left}–${box.right} outside ${clip.left}–${clip.right})`;
      }
      return null;
    });
  await expect.poll(problem, { message: what, timeout: 5_000 }).toBeNull();
}

async function expectNoSidewaysScroll(page: Page, what: string): Promise<void> {
  await page.waitForLoadState('networkidle', { timeout: 10_000 }).catch(() => {});
  const { scrollWidth, innerWidth, tooWide } = await page.evaluate(() => ({
    scrollWidth: document.scrollingElement!.scrollWidth,
    innerWidth: window.innerWidth,
    // The first elements reaching past the window's right edge, to name the culprit.
    tooWide: Array.from(document.querySelectorAll('#main-content *'))
      .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 0.5)
      .slice(0, 3)
      .map((element) => `${element.tagName.toLowerCase()}.${String(element.className).split(' ')[0]}`),
  }));
  expect
    .soft(scrollWidth, `${what}: the page scrolls sideways (${tooWide.join(', ')})`)
    .toBeLessThanOrEqual(innerWidth);
}
