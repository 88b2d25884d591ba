import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableOrSkipped } from '../support/required-in-ci.ts';
import {
  chromiumAvailable,
  chromiumPath,
  launchBrowser,
  screenshotDirectory,
  type TestBrowser,
} from './support/browser.ts';
import { completeFirstRun, ownerAccount } from './support/console-auth.ts';
import { startKaiyuanServer, type KaiyuanServer } from './support/kaiyuan-server.ts';

const browserTests = availableOrSkipped(
  chromiumAvailable,
  `Chromium is missing at ${chromiumPath}: the console's browser tests cannot run (apt-get install chromium)`,
);

/** What the first page (sign-in, then the dashboard) may transfer, compressed, in all. */
const firstPageBudgetBytes = 400 * 1024;

const languages = [
  { code: 'zh-CN', prefix: 'zh' },
  { code: 'en', prefix: 'en' },
] as const;
const themes = ['light', 'dark'] as const;
type Variant = { language: (typeof languages)[number]; theme: (typeof themes)[number] };
const variants: Variant[] = languages.flatMap((language) => themes.map((theme) => ({ language, theme })));

const customer = {
  orgName: 'Acme Retail 零售',
  name: 'Chen Jing',
  email: 'chen.jing@acme.example',
  password: 'acme retail password 42',
};

/** The operator's pages (path, screenshot name), every tab of the platform page included. */
const operatorPages: [string, string][] = [
  ['/dashboard', 'dashboard'],
  ['/playground', 'playground'],
  ['/models', 'models'],
  ['/api-keys', 'keys'],
  ['/billing', 'billing'],
  ['/data', 'data'],
  ['/labeling', 'labeling'],
  ['/batches', 'batches'],
  ['/request-log', 'request-log'],
  ...[
    'deployments',
    'routing',
    'channels',
    'organizations',
    'users',
    'signup',
    'plans',
    'packages',
    'codes',
    'payments',
    'economics',
    'notifications',
    'audit',
  ].map((tab): [string, string] => [`/platform?tab=${tab}`, `admin-${tab}`]),
];
const customerPages: [string, string][] = [
  ['/dashboard', 'customer-dashboard'],
  ['/api-keys', 'customer-keys'],
  ['/billing', 'customer-billing'],
  ['/models', 'customer-models'],
];
const signedOutPages: [string, string][] = [
  ['/', 'sign-in'],
  ['/sign-up', 'sign-up'],
  ['/forgot-password', 'forgot-password'],
  ['/reset-password?token=expired-or-unknown', 'reset-password'],
  ['/square', 'model-square'],
];
const mobilePages: [string, string][] = [
  ['/api-keys', 'keys'],
  ['/dashboard', 'usage'],
  ['/billing', 'billing'],
];

/** KAIYUAN_SCREENSHOTS=regex limits the screenshots to matching page names (while working on a page). */
const only = process.env.KAIYUAN_SCREENSHOTS ? new RegExp(process.env.KAIYUAN_SCREENSHOTS) : null;
const selected = (pages: [string, string][]) => pages.filter(([, name]) => !only || only.test(name));

interface PageLoad {
  page: string;
  requests: number;
  /** Response bodies as sent (compressed), headers included. */
  transferredBytes: number;
  /** Response bodies as sent (compressed), without headers. */
  bodyBytes: number;
  /** Of those, the console's own files (HTML, scripts, styles, images, fonts), not API answers. */
  assetBytes: number;
  encodings: string[];
  interactiveMs: number;
  /** The console's own files fetched (path and compressed bytes), largest first. */
  files: { path: string; bytes: number }[];
}

/**
 * Every page of the console in zh-CN and en, light and dark, with realistic data seeded through
 * the API, saved under test/e2e/screenshots/<lang>-<theme>-<page>.png to be looked at; the key,
 * usage and billing pages at 390 px without horizontal scrolling; and the page-load figures
 * (compressed bytes, time until the page settles) of every page, written to page-load.json.
 */
describe.runIf(browserTests)('console screenshots (chromium)', () => {
  let server: KaiyuanServer;
  let browser: TestBrowser;
  let page: Page;
  const loads: PageLoad[] = [];

  const admin = async (method: string, route: string, body?: unknown): Promise<any> => {
    const response = await fetch(`${server.baseUrl}${route}`, {
      method,
      headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${route} answered ${response.status}: ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  const withKey = async (key: string, method: string, route: string, body?: unknown | FormData) => {
    const response = await fetch(`${server.baseUrl}${route}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body instanceof FormData || body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body instanceof FormData ? body : body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json().catch(() => undefined)) as any };
  };
  const chat = (key: string, model: string, content: string) =>
    withKey(key, 'POST', '/v1/chat/completions', { model, messages: [{ role: 'user', content }], max_tokens: 32 });
  const organizationId = async (name: string): Promise<string> =>
    ((await admin('GET', '/admin/v1/organizations')) as { data: { id: string; name: string }[] }).data.find(
      (organization) => organization.name === name,
    )!.id;

  beforeAll(async () => {
    server = await startKaiyuanServer();
    browser = await launchBrowser({ locale: 'zh-CN' });
    page = browser.page;
    await page.setViewportSize({ width: 1280, height: 800 });
    mkdirSync(screenshotDirectory, { recursive: true });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  }, 60_000);

  it('first run, in both languages and themes', async () => {
    await page.goto(server.baseUrl);
    await page.getByTestId('language-switch').waitFor();
    for (const variant of variants)
      if (!only || only.test('first-run')) await shoot(page, server, variant, '/', 'first-run');
    await usePreferences(page, { language: languages[1], theme: 'light' });
    await page.goto(server.baseUrl);
    await completeFirstRun(page);
  }, 120_000);

  it('seeds realistic data through the API', async () => {
    const ownerOrg = await organizationId(ownerAccount.orgName);
    await admin('PATCH', `/admin/v1/organizations/${ownerOrg}`, { house: false }); // billed like a customer
    await admin('POST', `/admin/v1/organizations/${ownerOrg}/top-ups`, {
      kind: 'top_up',
      amount: '200',
      idempotencyKey: `screens-${ownerOrg}`,
      description: 'bank transfer 2026-11',
    });
    const keys: string[] = [];
    for (const [name, role] of [
      ['production backend', 'member'],
      ['data pipeline', 'admin'], // datasets and labeling projects need an admin
      ['mobile app (staging)', 'member'],
    ]) {
      keys.push(((await admin('POST', '/admin/v1/keys', { orgId: ownerOrg, name, role })) as { key: string }).key);
    }
    const prompts = ['总结这段客户反馈', 'Translate the release notes into Chinese', '写一首关于秋天的诗', 'Hello'];
    for (const [index, prompt] of prompts.entries()) {
      const answer = await chat(keys[index % 2]!, 'sim-chat', prompt);
      expect(answer.status).toBe(200);
    }
    expect((await chat(keys[0]!, 'no-such-model', 'hi')).status).toBe(404); // a request-log error
    expect((await withKey(keys[0]!, 'POST', '/v1/chat/completions', { model: 'sim-chat' })).status).toBe(400);

    // A dataset imported from a JSON Lines file (one row invalid), cleaned by a recipe run.
    const dataset = (await withKey(keys[1]!, 'POST', '/v1/datasets', { name: '客户反馈 2026 Q3' })).body as {
      id: string;
    };
    const rows = [
      '物流很快，包装完好，非常满意这次购物体验。',
      '客服回复太慢了，等了两天才处理退款。',
      'The invoice for March was sent twice; please refund one of the payments.',
      '商品与描述一致，质量不错，会回购。',
      'Contact me at zhang.wei@example.com about the order.',
      '物流很快，包装完好，非常满意这次购物体验。',
    ];
    const file = rows.map((text) => JSON.stringify({ text })).join('\n') + '\n{"text": broken';
    const form = new FormData();
    form.append('file', new Blob([file], { type: 'application/jsonl' }), 'feedback.jsonl');
    const imported = await withKey(keys[1]!, 'POST', `/v1/datasets/${dataset.id}/imports`, form);
    expect(imported.status, JSON.stringify(imported.body)).toBe(202);
    await waitForJob(imported.body.id, keys[1]!);

    const project = await withKey(keys[1]!, 'POST', '/v1/labeling/projects', {
      name: '情感标注 Sentiment',
      dataset: dataset.id,
      labelSchema: { kind: 'classification', labels: ['正面', '负面', '中性'] },
      instructions: 'Choose the sentiment of the customer.',
    });
    expect(project.status, JSON.stringify(project.body)).toBe(201);

    // A customer organization with its own member, balance, key and usage.
    const acme = (await admin('POST', '/admin/v1/organizations', { name: customer.orgName })) as { id: string };
    await admin('POST', '/admin/v1/users', {
      orgId: acme.id,
      email: customer.email,
      name: customer.name,
      role: 'owner',
      password: customer.password,
    });
    await admin('POST', `/admin/v1/organizations/${acme.id}/top-ups`, {
      kind: 'top_up',
      amount: '50',
      idempotencyKey: `screens-${acme.id}`,
    });
    const acmeKey = (
      (await admin('POST', '/admin/v1/keys', { orgId: acme.id, name: 'shop assistant' })) as { key: string }
    ).key;
    for (const prompt of ['这件外套有L码吗？', 'Where is my order?'])
      expect((await chat(acmeKey, 'sim-chat', prompt)).status).toBe(200);
    await admin('PUT', '/admin/v1/signup/settings', { policy: 'open' });
    await admin('POST', '/admin/v1/redemption-codes', { count: 5, amount: '20' });
    await page.waitForTimeout(1_500); // the request log is written in batches
  }, 120_000);

  async function waitForJob(jobId: string, key: string): Promise<void> {
    await expect
      .poll(async () => (await withKey(key, 'GET', `/v1/jobs/${jobId}`)).body?.status, { timeout: 30_000 })
      .toMatch(/succeeded|failed/);
  }

  for (const variant of variants) {
    it(`shows every operator page (${variant.language.code}, ${variant.theme})`, async () => {
      for (const [route, name] of selected(operatorPages)) await shoot(page, server, variant, route, name);
    }, 900_000);
  }

  it('shows the pages a customer organization member sees', async () => {
    const member = await launchBrowser({ locale: 'en-US' });
    try {
      await member.page.setViewportSize({ width: 1280, height: 800 });
      await signIn(member.page, server, customer.email, customer.password);
      for (const variant of variants) {
        for (const [route, name] of selected(customerPages)) await shoot(member.page, server, variant, route, name);
      }
      expect(member.problems).toEqual([]);
    } finally {
      await member.close();
    }
  }, 900_000);

  it('shows the signed-out pages', async () => {
    const visitor = await launchBrowser({ locale: 'en-US' });
    try {
      await visitor.page.setViewportSize({ width: 1280, height: 800 });
      for (const variant of variants) {
        for (const [route, name] of selected(signedOutPages)) await shoot(visitor.page, server, variant, route, name);
      }
      expect(visitor.problems).toEqual([]);
    } finally {
      await visitor.close();
    }
  }, 300_000);

  it('lays out keys, usage and billing at 390 px without horizontal scrolling', async () => {
    for (const [who, browserPage] of [['operator', page] as const]) {
      await browserPage.setViewportSize({ width: 390, height: 844 });
      for (const variant of variants) {
        for (const [route, name] of selected(mobilePages)) {
          await shoot(browserPage, server, variant, route, `${name}-390`);
          const width = await browserPage.evaluate(() => document.scrollingElement!.scrollWidth);
          expect(width, `${who} ${variant.language.code} ${route} scrolls sideways`).toBeLessThanOrEqual(390);
        }
      }
      await browserPage.setViewportSize({ width: 1280, height: 800 });
    }
  }, 300_000);

  it('keeps the first page (sign-in, then the dashboard) within 400 KB compressed', async () => {
    const visitor = await launchBrowser({ locale: 'en-US' });
    try {
      // A new visitor opens the dashboard, gets the sign-in form, signs in and sees the dashboard.
      const signInLoad = await measure(visitor.context, visitor.page, `${server.baseUrl}/dashboard`, async () => {
        await visitor.page.getByRole('button', { name: 'Sign in' }).waitFor();
      });
      await visitor.page.getByLabel('Email').fill(ownerAccount.email);
      await visitor.page.getByLabel('Password').fill(ownerAccount.password);
      const dashboardLoad = await measure(
        visitor.context,
        visitor.page,
        null,
        async () => {
          await visitor.page.getByRole('button', { name: 'Sign in' }).click();
          await visitor.page.getByTestId('dashboard-requests').waitFor();
          await visitor.page.getByTestId('usage-charts').locator('svg').first().waitFor();
          await settle(visitor.page);
        },
        false,
      );
      // The console's files are the same for every run of one build; API answers grow with the data.
      const total = signInLoad.assetBytes + dashboardLoad.assetBytes;
      loads.push({ ...signInLoad, page: 'sign-in (cold cache)' }, { ...dashboardLoad, page: 'then the dashboard' });
      console.log(
        `first page, compressed files: sign-in ${kb(signInLoad.assetBytes)} + dashboard ${kb(dashboardLoad.assetBytes)} = ${kb(total)} (${signInLoad.encodings.join(', ')})`,
      );
      // The dashboard's charts are drawn on its first paint without the chart library.
      expect(dashboardLoad.files.map((file) => file.path).filter((file) => file.includes('echarts'))).toEqual([]);
      expect(total).toBeLessThanOrEqual(firstPageBudgetBytes);
      expect(visitor.problems).toEqual([]);
    } finally {
      await visitor.close();
    }
  }, 120_000);

  it('records bytes and time until settled for every page, cold cache', async () => {
    for (const [route, name] of operatorPages.filter(
      ([route]) => !route.includes('tab=') || route.endsWith('=deployments'),
    )) {
      const load = await measure(browser.context, page, `${server.baseUrl}${route}`, () => settle(page));
      loads.push({ ...load, page: name });
    }
    const table = loads.map(
      (load) =>
        `| ${load.page} | ${load.requests} | ${kb(load.assetBytes)} | ${kb(load.bodyBytes)} | ${kb(load.transferredBytes)} | ${load.interactiveMs} |`,
    );
    console.log(
      [
        '| page | requests | compressed bodies | with headers | settled after (ms) |',
        '|---|---|---|---|---|',
        ...table,
      ].join('\n'),
    );
    writeFileSync(
      path.join(screenshotDirectory, 'page-load.json'),
      JSON.stringify({ firstPageBudgetBytes, pages: loads }, null, 2) + '\n',
    );
    expect(loads.every((load) => load.bodyBytes > 0)).toBe(true);
    expect(browser.problems).toEqual([]);
  }, 300_000);
});

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

async function usePreferences(page: Page, variant: Variant): Promise<void> {
  await page.evaluate(
    ({ language, theme }) => {
      localStorage.setItem('kaiyuan.language', language);
      localStorage.setItem('kaiyuan.theme', theme);
    },
    { language: variant.language.code, theme: variant.theme },
  );
}

/** Waits until the page has its data: no request in flight, no spinner or skeleton left. */
async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle', { timeout: 15_000 }).catch(() => {});
  await expect
    .poll(() => page.locator('.ant-spin-spinning, .ant-skeleton-active').count(), { timeout: 15_000 })
    .toBe(0);
}

/** Opens the page in the variant's language and theme and saves a full-page screenshot. */
async function shoot(page: Page, server: KaiyuanServer, variant: Variant, route: string, name: string): Promise<void> {
  await page.goto(`${server.baseUrl}${route}`);
  await usePreferences(page, variant);
  await page.reload();
  await expect.poll(() => page.locator('.app-root').getAttribute('data-theme')).toBe(variant.theme);
  await settle(page);
  // Charts are drawn when they come into view: scroll through the page so that all are drawn.
  const height = await page.evaluate(() => document.scrollingElement!.scrollHeight);
  for (let top = 0; top < height; top += 500) {
    await page.evaluate((y) => window.scrollTo(0, y), top);
    await page.waitForTimeout(100); // intersection is observed once per frame
  }
  await page.evaluate(() => window.scrollTo(0, 0));
  await expect
    .poll(() => page.locator('[data-chart-ready="false"], [data-loaded="false"]').count(), { timeout: 20_000 })
    .toBe(0);
  await page.waitForTimeout(400); // charts and Ant Design's enter animations
  await page.screenshot({
    path: path.join(screenshotDirectory, `${variant.language.prefix}-${variant.theme}-${name}.png`),
    fullPage: true,
    animations: 'disabled',
  });
}

async function signIn(page: Page, server: KaiyuanServer, email: string, password: string): Promise<void> {
  await page.goto(server.baseUrl);
  const response = await page.request.post(`${server.baseUrl}/console/api/auth/login`, { data: { email, password } });
  expect(response.status(), await response.text()).toBe(200);
  await page.reload();
  await page.getByTestId('account-menu').waitFor();
}

/**
 * Loads a page with an empty cache and counts what went over the wire: encoded (compressed) body
 * and header bytes of every response, and the milliseconds until `ready` resolved.
 */
async function measure(
  context: BrowserContext,
  page: Page,
  url: string | null,
  ready: () => Promise<void>,
  clearCache = true,
): Promise<PageLoad> {
  if (clearCache) {
    const session = await context.newCDPSession(page);
    await session.send('Network.clearBrowserCache');
    await session.detach();
  }
  const pending: Promise<void>[] = [];
  let transferredBytes = 0;
  let bodyBytes = 0;
  let assetBytes = 0;
  let requests = 0;
  const encodings = new Set<string>();
  const files: { path: string; bytes: number }[] = [];
  const onFinished = (request: import('playwright-core').Request) => {
    pending.push(
      (async () => {
        const [sizes, response] = await Promise.all([request.sizes(), request.response()]);
        const bytes = Math.max(0, sizes.responseBodySize + sizes.responseHeadersSize);
        requests += 1;
        transferredBytes += bytes;
        // A file from the browser's cache reports minus its headers' size: nothing came over the wire.
        const body = Math.max(0, sizes.responseBodySize);
        bodyBytes += body;
        if (['document', 'script', 'stylesheet', 'image', 'font'].includes(request.resourceType())) {
          assetBytes += body;
          if (body > 0) files.push({ path: new URL(request.url()).pathname, bytes: body });
          const encoding = (await response?.headerValue('content-encoding')) ?? 'identity';
          if (request.resourceType() === 'script') encodings.add(encoding);
        }
      })().catch(() => {}),
    );
  };
  page.on('requestfinished', onFinished);
  const started = Date.now();
  if (url) await page.goto(url);
  await ready();
  const interactiveMs = Date.now() - started;
  await page.waitForLoadState('networkidle', { timeout: 10_000 }).catch(() => {});
  page.off('requestfinished', onFinished);
  await Promise.all(pending);
  return {
    page: url ?? '',
    requests,
    transferredBytes,
    bodyBytes,
    assetBytes,
    encodings: [...encodings],
    interactiveMs,
    files: files.sort((a, b) => b.bytes - a.bytes),
  };
}
