import { rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableOrSkipped } from '../support/required-in-ci.ts';
import { chromiumAvailable, chromiumPath, launchBrowser, saveScreenshot, type TestBrowser } from './support/browser.ts';
import { consoleAuthAvailable, ownerAccount, stubSignedInState } from './support/console-auth.ts';
import { startKaiyuanServer, type KaiyuanServer } from './support/kaiyuan-server.ts';
import { FakeUpstream } from '../support/fake-upstream.ts';
import { createApiKey, createRedemptionCode, topUpOrganization } from './support/operator-api.ts';

const browserTests = availableOrSkipped(
  chromiumAvailable,
  `Chromium is missing at ${chromiumPath}: the console's browser tests cannot run (apt-get install chromium)`,
);

/**
 * The console in a real browser against a real server with the simulator. The tests run in
 * order and share one browser page, like one operator's first session.
 */
describe.runIf(browserTests)('web console (chromium)', () => {
  let server: KaiyuanServer;
  let browser: TestBrowser;
  let page: Page;
  let authAvailable = false;

  beforeAll(async () => {
    server = await startKaiyuanServer();
    authAvailable = availableOrSkipped(
      await consoleAuthAvailable(server.baseUrl),
      `${server.baseUrl}/console/api/auth answers 404: the sign-in tests cannot run (pages run with a stubbed session)`,
    );
    browser = await launchBrowser({ locale: 'en-US' });
    page = browser.page;
    if (!authAvailable) await stubSignedInState(page);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('first run: creates the owner account and signs in', async (context) => {
    if (!authAvailable) return context.skip();
    await page.goto(server.baseUrl);
    await expect.poll(() => page.getByRole('heading', { name: 'Welcome to Kaiyuan' }).isVisible()).toBe(true);
    await page.getByLabel('Your name').fill(ownerAccount.name);
    await page.getByLabel('Email').fill(ownerAccount.email);
    await page.getByLabel('Organization name').fill(ownerAccount.orgName);
    await page.getByLabel('Password', { exact: true }).fill(ownerAccount.password);
    await page.getByLabel('Confirm password').fill(ownerAccount.password);
    await saveScreenshot(page, 'first-run');
    await page.getByRole('button', { name: 'Create owner account' }).click();
    await page.getByTestId('account-menu').waitFor();
    expect(await page.getByTestId('account-menu').textContent()).toContain(ownerAccount.name);
    await topUpOrganization(server, ownerAccount.orgName, '100'); // the operator funds the new organization
  });

  it('signs out and signs in again', async (context) => {
    if (!authAvailable) return context.skip();
    await page.getByTestId('account-menu').click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Kaiyuan' }).waitFor();
    await page.getByLabel('Email').fill(ownerAccount.email);
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').first().waitFor(); // the API's own error message
    await saveScreenshot(page, 'sign-in');
    await page.getByLabel('Password').fill(ownerAccount.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('account-menu').waitFor();
  });

  it('streams a playground answer and shows tokens, cost, latency and time to first token', async () => {
    await page.goto(`${server.baseUrl}/playground`);
    await page.getByTestId('chat-input').waitFor();
    await expect.poll(() => page.getByTestId('chat-input').isEnabled()).toBe(true); // a model is selected
    await page.getByTestId('chat-input').fill('Say hello to the console.');
    await page.getByTestId('chat-input').press('Enter');
    const answer = page.getByTestId('message-assistant').last();
    await expect
      .poll(async () => ((await answer.getByTestId('message-text').textContent()) ?? '').length)
      .toBeGreaterThan(0);
    await answer.getByTestId('answer-stats').waitFor();
    expect(await answer.getByTestId('stat-tokens').textContent()).toMatch(/Tokens: \d+/);
    expect(await answer.getByTestId('stat-latency').textContent()).toMatch(/Latency: [\d.]+ m?s/);
    expect(await answer.getByTestId('stat-first-token').textContent()).toMatch(/First token: [\d.]+ m?s/);
    if (authAvailable) expect(await answer.getByTestId('stat-cost').textContent()).toMatch(/Cost: \D*0\.0\d+/); // sim-chat is priced
    await saveScreenshot(page, 'playground');

    await page.getByTestId('view-code').click();
    const typescript = page.getByTestId('code-typescript');
    await typescript.waitFor();
    const code = (await typescript.textContent()) ?? '';
    expect(code).toContain(`baseURL: "${server.baseUrl}/v1"`);
    expect(code).toContain('Say hello to the console.');
    expect(await (await showCodeTab(page, 'Python', 'code-python')).textContent()).toContain(
      'from openai import OpenAI',
    );
    expect(await (await showCodeTab(page, 'curl', 'code-curl')).textContent()).toContain('/v1/chat/completions');
    await saveScreenshot(page, 'playground-code');
    await page.keyboard.press('Escape');
  });

  it('calls the model through the Responses and Messages APIs too, with the code for each', async () => {
    await page.goto(`${server.baseUrl}/playground`);
    await page.getByTestId('chat-input').waitFor();
    await expect.poll(() => page.getByTestId('chat-input').isEnabled(), { timeout: 10_000 }).toBe(true);
    for (const [api, sdk, path] of [
      ['Responses', "import OpenAI from 'openai'", '/v1/responses'],
      ['Messages', "import Anthropic from '@anthropic-ai/sdk'", '/v1/messages'],
    ] as const) {
      await page.getByTestId('api-select').getByText(api, { exact: true }).click();
      await page.getByText(path).first().waitFor(); // the hint names the endpoint
      const answers = await page.getByTestId('message-assistant').count();
      await page.getByTestId('chat-input').fill(`Hello through ${api}.`);
      await page.getByTestId('chat-input').press('Enter');
      const answer = page.getByTestId('message-assistant').nth(answers);
      await answer.getByTestId('answer-stats').waitFor();
      expect(await answer.getByTestId('message-text').textContent()).toContain(`Hello through ${api}.`);
      expect(await answer.getByTestId('stat-tokens').textContent()).toMatch(/Tokens: \d+/);
      await page.getByTestId('view-code').click();
      const typescript = page.getByTestId('code-typescript');
      await typescript.waitFor();
      expect(await typescript.textContent()).toContain(sdk);
      expect(await (await showCodeTab(page, 'curl', 'code-curl')).textContent()).toContain(path);
      await saveScreenshot(page, `playground-code-${api.toLowerCase()}`);
      await page.keyboard.press('Escape');
      await page.getByTestId('code-curl').waitFor({ state: 'hidden' });
    }
  });

  it('creates an API key (shown once), uses it, and revokes it', async (context) => {
    if (!authAvailable) return context.skip();
    await page.getByRole('menuitem', { name: 'API keys' }).click();
    await page.getByTestId('create-key').click();
    const dialog = page.getByRole('dialog', { name: 'Create key' });
    await dialog.getByLabel('Name').fill('e2e backend');
    await dialog.getByTestId('key-allowed-models').click();
    await page.locator('.ant-select-item-option', { hasText: 'sim-chat' }).click();
    await dialog.getByLabel('Name').click(); // closes the dropdown
    await dialog.getByLabel('Requests per minute').fill('60');
    await dialog.getByRole('button', { name: 'Create' }).click();
    const created = page.getByTestId('created-key');
    await created.waitFor();
    const key = ((await created.textContent()) ?? '').trim();
    expect(key.length).toBeGreaterThan(20);
    await saveScreenshot(page, 'api-key-created');

    const call = () =>
      fetch(`${server.baseUrl}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          model: 'sim-chat',
          messages: [{ role: 'user', content: 'from the e2e key' }],
          max_tokens: 8,
        }),
      });
    expect((await call()).status).toBe(200);

    await page.getByTestId('key-created-done').click();
    const row = page.getByRole('row', { name: /e2e backend/ });
    await row.waitFor();
    await expect.poll(() => page.locator('.ant-modal-mask:visible').count()).toBe(0);
    expect(await row.textContent()).toContain('RPM 60');
    expect(await row.textContent()).not.toContain(key); // only the prefix is listed
    await saveScreenshot(page, 'api-keys');
    await row.getByTestId('revoke-key').click();
    const confirmRevoke = page.locator('.ant-popover').getByRole('button', { name: 'Revoke' });
    await confirmRevoke.waitFor();
    await page.waitForTimeout(300); // the key list re-renders with its usage figures; let the popover settle
    await confirmRevoke.click();
    await expect.poll(() => row.textContent()).toContain('Revoked');
    expect((await call()).status).toBe(401);
  });

  it('shows the usage on the dashboard', async (context) => {
    if (!authAvailable) return context.skip();
    await page.getByRole('menuitem', { name: 'Dashboard' }).click();
    await page.getByTestId('dashboard-requests').waitFor();
    const requests = Number(((await page.getByTestId('dashboard-requests').textContent()) ?? '').replace(/\D/g, ''));
    expect(requests).toBeGreaterThanOrEqual(2); // the playground answer and the key's call
    // The charts are SVG drawn with the page; hovering a bar shows that hour's requests per model.
    const requestsChart = page.getByTestId('usage-charts').getByTestId('stacked-chart').first();
    await requestsChart.scrollIntoViewIfNeeded();
    const bar = requestsChart.locator('svg rect[height]:not([fill])').last();
    const box = (await bar.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const tooltip = requestsChart.getByTestId('chart-tooltip');
    const lastSeries = (await requestsChart.getByRole('group').getByRole('button').last().textContent())!;
    await expect.poll(() => tooltip.textContent()).toContain(lastSeries);
    expect(await tooltip.textContent()).toMatch(/\d/);
    await page.mouse.move(0, 0);
    await expect.poll(() => tooltip.count()).toBe(0);
    // The keyboard reads the same values: focus the chart, the latest hour shows.
    await requestsChart.getByRole('img').focus();
    await expect.poll(() => tooltip.textContent()).toContain(lastSeries);
    await page.keyboard.press('Escape');
    await expect.poll(() => tooltip.count()).toBe(0);
    await saveScreenshot(page, 'dashboard');
  });

  it('redeems a code on the billing page and lists it in the ledger', async (context) => {
    if (!authAvailable) return context.skip();
    const code = await createRedemptionCode(server, '5');
    await page.getByRole('menuitem', { name: 'Billing' }).click();
    const balance = page.getByTestId('billing-balance');
    await expect.poll(async () => (await balance.textContent()) ?? '').toMatch(/(99|100)\.\d\d/); // 100 topped up (the operator's own organization is not charged)
    await page.getByTestId('redeem-input').fill(code.toLowerCase()); // codes are case-insensitive
    await page.getByTestId('redeem-submit').click();
    await expect.poll(async () => (await balance.textContent()) ?? '').toMatch(/10[45]\.\d\d/);
    await expect.poll(async () => (await page.getByTestId('ledger-table').textContent()) ?? '').toContain('Redemption');
    await saveScreenshot(page, 'billing');
  });

  it('shows deployments with live health and circuit state to the operator', async (context) => {
    if (!authAvailable) return context.skip();
    await page.getByRole('menuitem', { name: 'Admin' }).click();
    const deployments = page.getByTestId('deployments-table');
    await expect
      .poll(async () => (await deployments.textContent()) ?? '', { timeout: 10_000 })
      .toContain('sim-chat@simulator');
    expect(await deployments.textContent()).toContain('Closed (serving)');
    await saveScreenshot(page, 'admin-deployments');
    // The platform page's sections are in groups: a group's tab, then the section's tab.
    await page.getByRole('tab', { name: 'Customers' }).click();
    await page.getByRole('tab', { name: 'Organizations' }).click();
    await expect
      .poll(async () => (await page.getByRole('tabpanel').last().textContent()) ?? '')
      .toContain(ownerAccount.orgName);
  });

  it('adds a channel in the console, tests it, serves a request through it and shows it with the audit trail', async (context) => {
    if (!authAvailable) return context.skip();
    const upstreamKey = 'sk-e2e-upstream-0123456789';
    const upstream = await new FakeUpstream({ acceptedKeys: [upstreamKey] }).start();
    let apiKey = '';
    try {
      await page.getByRole('tab', { name: 'Models and routing' }).click();
      await page.getByRole('tab', { name: 'Channels' }).click();
      const table = page.getByTestId('channels-table');
      await expect.poll(async () => (await table.textContent()) ?? '').toContain('simulator'); // read-only, from the config
      await page.getByTestId('channel-add').click();
      const dialog = page.getByRole('dialog', { name: 'Add channel' });
      await dialog.getByLabel('Name').fill('e2e-upstream');
      await dialog.getByLabel('Base URL').fill(upstream.url);
      await dialog.getByLabel('API keys').fill(upstreamKey);
      await dialog.getByLabel('Models').fill('e2e-channel-model=fake-7b');
      await dialog.getByRole('button', { name: 'OK' }).click();
      await expect.poll(async () => (await table.textContent()) ?? '').toContain('e2e-upstream');
      const listed = (await table.textContent()) ?? '';
      expect(listed).toContain('sk-…6789');
      expect(listed).not.toContain(upstreamKey);

      await page.getByTestId('channel-test-e2e-upstream').click();
      const result = page.getByTestId('channel-test-result');
      await result.waitFor();
      expect(await result.getAttribute('data-ok')).toBe('true');
      expect(await result.textContent()).toContain('e2e-channel-model answered in');
      await saveScreenshot(page, 'admin-channel-test');
      await page.keyboard.press('Escape');

      apiKey = await createApiKey(server, ownerAccount.orgName);
      const answer = await fetch(`${server.baseUrl}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'e2e-channel-model', messages: [{ role: 'user', content: 'hi' }] }),
      });
      expect(answer.status).toBe(200);
      expect(upstream.keysSeen).toContain(upstreamKey);
      // The request shows on the channel's row once the list refreshes (every 5 s).
      const row = table.locator('tr', { hasText: 'e2e-upstream' });
      await expect
        .poll(async () => (await row.locator('td').nth(5).textContent()) ?? '', { timeout: 15_000 })
        .toBe('1');
      await saveScreenshot(page, 'admin-channels');

      await page.getByRole('tab', { name: 'Notices and audit' }).click();
      await page.getByRole('tab', { name: 'Audit trail' }).click();
      const audit = page.getByTestId('audit-table');
      await expect.poll(async () => (await audit.textContent()) ?? '').toContain('channel.create');
      expect(await audit.textContent()).toContain('e2e-upstream');

      // Deleting it from the console takes its model off the platform at once.
      await page.getByRole('tab', { name: 'Models and routing' }).click();
      await page.getByRole('tab', { name: 'Channels' }).click();
      await page
        .getByTestId('channels-table')
        .locator('tr', { hasText: 'e2e-upstream' })
        .getByRole('button', { name: 'Delete' })
        .click();
      await page.locator('.ant-popconfirm').getByRole('button', { name: 'OK' }).click();
      await expect
        .poll(async () => (await page.getByTestId('channels-table').textContent()) ?? '')
        .not.toContain('e2e-upstream');
      const gone = await fetch(`${server.baseUrl}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'e2e-channel-model', messages: [{ role: 'user', content: 'hi' }] }),
      });
      expect(gone.status).toBe(404);
    } finally {
      await upstream.close();
    }
  });

  it('imports a dataset with upload progress, runs a recipe and shows statistics and removed samples as text', async (context) => {
    if (!authAvailable) return context.skip();
    const markup = '<img src=x onerror="alert(document.domain);window.__xss=3"> <script>window.__xss=4</script> row';
    const rows = [
      '客户反馈：物流很快，包装完好，非常满意这次购物体验。',
      '客户反馈：物流很快，包装完好，非常满意这次购物体验。', // an exact duplicate
      `Contact me at zhang.wei@example.com about the order ${markup}`,
      'short',
      'The invoice for March was sent twice; please refund one of the payments.',
    ];
    const file = path.join(os.tmpdir(), `kaiyuan-e2e-${process.pid}.jsonl`);
    writeFileSync(file, rows.map((text) => JSON.stringify({ text })).join('\n'));

    await page.getByRole('menuitem', { name: 'Data' }).click();
    await page.getByTestId('create-dataset').click();
    const dialog = page.getByRole('dialog', { name: 'New dataset' });
    await dialog.getByLabel('Name').fill('e2e 客户反馈');
    await dialog.getByRole('button', { name: 'OK' }).click();
    await page.getByTestId('import-file').setInputFiles(file);
    await page.getByTestId('import-start').click();
    await expect
      .poll(() => page.getByTestId('job-progress').first().getAttribute('data-status'), { timeout: 30_000 })
      .toBe('succeeded');
    await expect.poll(async () => (await page.getByTestId('versions-table').textContent()) ?? '').toContain('v1');

    await page.getByTestId('recipe-run').click();
    await expect
      .poll(async () => (await page.getByTestId('versions-table').textContent()) ?? '', { timeout: 30_000 })
      .toContain('v2');
    const statistics = page.getByTestId('operator-statistics');
    await expect.poll(async () => (await statistics.textContent()) ?? '').toContain('exact_dedup');
    const samples = page.getByTestId('removed-samples');
    await samples.waitFor();
    const sampleText = (await samples.textContent()) ?? '';
    expect(sampleText).toContain('short'); // removed by the length filter, shown with its reason
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    // The records of the new version load after the version appears.
    const recordsText = async () => (await page.getByTestId('records-table').textContent()) ?? '';
    await expect.poll(recordsText, { timeout: 10_000 }).not.toContain('zhang.wei@example.com'); // redacted by pii_redact
    expect(await recordsText()).toContain('<script>'); // markup in a dataset row is shown as text
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();

    // Export v2 as a job: progress, then one download link per file (text-only rows are rejected by
    // the chat formats, each with its reason).
    const exportCard = page.getByTestId('export-card');
    await exportCard.getByTestId('export-run').click();
    await expect
      .poll(() => exportCard.getByTestId('job-progress').getAttribute('data-status'), { timeout: 30_000 })
      .toBe('succeeded');
    await expect
      .poll(() => exportCard.getByTestId('export-file').allTextContents())
      .toEqual(['train.jsonl', 'validation.jsonl', 'rejected.jsonl']);
    const rejectedLink = exportCard.getByTestId('export-file').filter({ hasText: 'rejected.jsonl' });
    const href = (await rejectedLink.getAttribute('href'))!;
    expect(href).toMatch(/\/v1\/datasets\/[^/]+\/exports\/job_\w+\/files\/rejected\.jsonl$/);
    const downloaded = await page.evaluate(async (url) => {
      const response = await fetch(url, { credentials: 'include' });
      return { status: response.status, text: await response.text() };
    }, href);
    expect(downloaded.status).toBe(200);
    const rejected = downloaded.text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(rejected.length).toBeGreaterThan(0);
    expect(rejected[0].meta.reason).toContain('no messages');
    await saveScreenshot(page, 'data');
    rmSync(file, { force: true });
  });

  it('labels a dataset end to end with the keyboard: classification, review, and spans on Chinese text', async (context) => {
    if (!authAvailable) return context.skip();
    await page.getByRole('menuitem', { name: 'Labeling' }).click();
    await page.getByTestId('create-project').click();
    let dialog = page.getByRole('dialog', { name: 'New project' });
    await dialog.getByLabel('Name').fill('e2e 情感');
    await dialog.getByTestId('project-dataset').click();
    await page.locator('.ant-select-item-option', { hasText: 'e2e 客户反馈' }).click();
    await dialog.getByTestId('project-labels').click();
    await page.keyboard.type('正面,负面,');
    await dialog.getByRole('button', { name: 'OK' }).click();
    await page.getByTestId('start-labeling').click();

    const task = page.getByTestId('annotation-task');
    for (const key of ['1', '2', '1']) {
      await task.waitFor();
      const position = await task.locator('.ant-card-head-title').textContent();
      await page.keyboard.press(key);
      await expect.poll(() => task.getByRole('button', { pressed: true }).count()).toBe(1);
      if (key === '2') await saveScreenshot(page, 'labeling-annotate');
      await page.keyboard.press('Enter');
      await expect
        .poll(
          async () =>
            (await page.getByTestId('queue-done').count()) > 0 ||
            (await task.locator('.ant-card-head-title').textContent()) !== position,
        )
        .toBe(true);
    }
    await page.getByTestId('queue-done').waitFor();
    await page.getByRole('button', { name: 'Back to the project' }).last().click();
    const review = page.getByTestId('review-table');
    await expect.poll(async () => review.getByTestId('review-accept').count()).toBe(3);
    await review.getByTestId('review-accept').first().click();
    await expect.poll(async () => review.getByTestId('review-accept').count()).toBe(2);
    await page.getByRole('button', { name: 'Pre-label with the model' }).click();
    await expect
      .poll(() => page.getByTestId('job-progress').getAttribute('data-status'), { timeout: 30_000 })
      .toBe('succeeded');
    await page.getByRole('button', { name: 'Export accepted labels' }).click();
    await page.getByRole('link', { name: /train\.jsonl/ }).waitFor();
    await saveScreenshot(page, 'labeling-project');

    // Spans on CJK text, selected with the keyboard (Shift+Arrow) and labeled with a number key.
    await page.getByRole('button', { name: 'Back to the projects' }).click();
    await page.getByTestId('create-project').click();
    dialog = page.getByRole('dialog', { name: 'New project' });
    await dialog.getByLabel('Name').fill('e2e 实体');
    await dialog.getByTestId('project-dataset').click();
    await page.locator('.ant-select-item-option', { hasText: 'e2e 客户反馈' }).click();
    await dialog.getByLabel('Task kind').click();
    await page.locator('.ant-select-item-option', { hasText: 'Span highlighting' }).click();
    await dialog.getByTestId('project-labels').click();
    await page.keyboard.type('物流,');
    await dialog.getByRole('button', { name: 'OK' }).click();
    await page.getByTestId('start-labeling').click();
    const text = page.getByTestId('span-text');
    await text.waitFor();
    const content = (await text.inputValue()) ?? '';
    const start = content.indexOf('物流');
    expect(start).toBeGreaterThanOrEqual(0);
    await text.focus();
    await text.evaluate((area, offset) => (area as HTMLTextAreaElement).setSelectionRange(offset, offset), start);
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('1');
    await expect.poll(async () => (await page.getByTestId('span-list').textContent()) ?? '').toBe('物流: 物流');
    await saveScreenshot(page, 'labeling-spans');
    await page.keyboard.press('Control+Enter');
    await expect
      .poll(
        async () =>
          (await page.getByTestId('span-list').count()) === 0 ||
          ((await page.getByTestId('span-list').textContent()) ?? '') === '',
      )
      .toBe(true);
  }, 90_000);

  it('shows the model catalog as cards', async () => {
    await page.getByRole('menuitem', { name: 'Models' }).click();
    await page.getByTestId('model-card').first().waitFor();
    const cards = await page.getByTestId('model-card').allTextContents();
    expect(cards.some((text) => text.includes('sim-chat'))).toBe(true);
    expect(cards.join(' ')).toContain('sim-chat@simulator');
    await saveScreenshot(page, 'models');
  });

  it('is usable with the keyboard: skip link first, menu by arrow keys', async () => {
    await page.goto(`${server.baseUrl}/models`);
    await page.getByTestId('model-card').first().waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await page.getByRole('menuitem', { name: 'Models' }).focus();
    const focusedText = () => page.evaluate(() => document.activeElement?.textContent ?? '');
    for (let presses = 0; presses < 8 && (await focusedText()) !== 'Billing'; presses += 1) {
      await page.keyboard.press('ArrowDown');
      await page.waitForTimeout(60); // the menu moves focus on the next frame
    }
    expect(await focusedText()).toBe('Billing');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Billing', level: 3 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/billing');
    await page.getByRole('menuitem', { name: 'Models' }).click();
    await page.getByTestId('model-card').first().waitFor();
  });

  it('switches language between English and Chinese, and remembers it', async () => {
    await expect.poll(() => page.getByRole('menuitem', { name: 'Playground' }).isVisible()).toBe(true);
    await page.getByTestId('language-switch').getByText('中文').click();
    await expect.poll(() => page.getByRole('menuitem', { name: '体验中心' }).isVisible()).toBe(true);
    expect(await page.getByRole('heading', { level: 3 }).first().textContent()).toBe('模型广场');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await page.reload();
    await expect.poll(() => page.getByRole('menuitem', { name: '体验中心' }).isVisible()).toBe(true);
    await page.getByTestId('model-card').first().waitFor();
    await saveScreenshot(page, 'models-zh-cn');
    await page.getByTestId('language-switch').getByText('English').click();
    await expect.poll(() => page.getByRole('menuitem', { name: 'Playground' }).isVisible()).toBe(true);
  });

  it('switches to the dark theme and remembers it', async () => {
    await page.getByTestId('theme-switch').click();
    await expect.poll(() => page.locator('.app-root').getAttribute('data-theme')).toBe('dark');
    await page.reload();
    await expect.poll(() => page.locator('.app-root').getAttribute('data-theme')).toBe('dark');
    await page.getByTestId('model-card').first().waitFor();
    await saveScreenshot(page, 'models-dark');
    await page.getByTestId('theme-switch').click();
    await expect.poll(() => page.locator('.app-root').getAttribute('data-theme')).toBe('light');
  });

  it('renders markup in prompts and answers as text (no XSS)', async () => {
    const payload =
      'Check <img src=x onerror="alert(document.domain);window.__xss=1"> and <script>window.__xss=2</script><b>bold</b>';
    await page.goto(`${server.baseUrl}/playground`);
    await expect.poll(() => page.getByTestId('chat-input').isEnabled(), { timeout: 10_000 }).toBe(true);
    await page.getByTestId('chat-input').fill(payload);
    await page.getByTestId('chat-send').click();
    const question = page.getByTestId('message-user').last();
    expect(await question.getByTestId('message-text').textContent()).toBe(payload);
    const answer = page.getByTestId('message-assistant').last();
    await answer.getByTestId('answer-stats').waitFor();
    const log = page.getByTestId('chat-log');
    expect(await log.locator('img[src="x"], script, b').count()).toBe(0);
    // The simulator echoes the prompt: the answer carries markup too, and shows it as text.
    expect(await answer.getByTestId('message-text').textContent()).toContain('<');
    await page.waitForTimeout(300); // give any injected handler a chance to run
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    await saveScreenshot(page, 'playground-xss');

    // A key's name is shown in the dashboard's chart legend and tooltips: as text too.
    const keyName = '<img src=x onerror="window.__xss=3"><b>key</b>';
    const key = await createApiKey(server, ownerAccount.orgName, keyName);
    const call = await fetch(`${server.baseUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'sim-chat', messages: [{ role: 'user', content: 'hi' }], max_tokens: 8 }),
    });
    expect(call.status).toBe(200);
    await page.getByRole('menuitem', { name: 'Dashboard' }).click();
    await page.getByText('By key', { exact: true }).click();
    const charts = page.getByTestId('usage-charts');
    const legendEntry = charts.getByRole('button', { name: keyName }).first();
    await legendEntry.waitFor();
    expect(await legendEntry.textContent()).toContain(keyName);
    await charts.getByRole('img').first().focus();
    await expect.poll(() => charts.getByTestId('chart-tooltip').textContent()).toContain(keyName);
    expect(await charts.locator('img[src="x"], script, b').count()).toBe(0);
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(browser.problems).toEqual([]);
  });
});

/**
 * Shows a tab of the playground's code view and returns its pane. A click while Ant Design's modal
 * is still zooming in can be lost (seen once under CI load, and the open modal then blocked every
 * later test): wait for the motion to end, and click again until the pane shows.
 */
async function showCodeTab(page: Page, name: string, testId: string): Promise<Locator> {
  await page.waitForFunction(() => document.querySelector('[class*="zoom-enter"], [class*="zoom-appear"]') === null);
  const pane = page.getByTestId(testId);
  await expect
    .poll(
      async () => {
        await page.getByRole('tab', { name }).click();
        return pane.isVisible();
      },
      { timeout: 10_000 },
    )
    .toBe(true);
  return pane;
}
