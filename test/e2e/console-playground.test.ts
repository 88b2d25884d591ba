import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableOrSkipped } from '../support/required-in-ci.ts';
import { chromiumAvailable, chromiumPath, saveScreenshot, type TestBrowser } from './support/browser.ts';
import { ownerAccount } from './support/console-auth.ts';
import type { KaiyuanServer } from './support/kaiyuan-server.ts';
import { topUpOrganization } from './support/operator-api.ts';
import { signedInConsole } from './support/signed-in-console.ts';

const browserTests = availableOrSkipped(
  chromiumAvailable,
  `Chromium is missing at ${chromiumPath}: the playground's browser tests cannot run (apt-get install chromium)`,
);

const texts = {
  en: {
    regenerate: 'Regenerate',
    model: 'Model',
    compareModel: 'Second model',
    preset: 'Helpful assistant',
    first: 'First question',
    second: 'Second question',
    edited: 'Edited question',
    compare: 'Compare them',
    stop: 'Never answered',
    stopped: 'Stopped',
  },
  'zh-CN': {
    regenerate: '重新生成',
    model: '模型',
    compareModel: '第二个模型',
    preset: '通用助手',
    first: '第一个问题',
    second: '第二个问题',
    edited: '改过的问题',
    compare: '请对比',
    stop: '不会回答的问题',
    stopped: '已停止',
  },
} as const;

/**
 * The playground in a real browser against the simulator, in English and Chinese: send,
 * regenerate, edit and resend, compare two models, presets, JSON mode, tools, and answers whose
 * markup, scripts and links stay inert text.
 */
describe.runIf(browserTests)('console playground (chromium)', () => {
  let server: KaiyuanServer;
  let browser: TestBrowser;
  let page: Page;
  const requests: Request[] = [];

  beforeAll(async () => {
    ({ server, browser, page } = await signedInConsole((opened) =>
      opened.on('request', (request) => requests.push(request)),
    ));
    await topUpOrganization(server, ownerAccount.orgName, '100');
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const openPlayground = async (language: keyof typeof texts) => {
    await page.evaluate((value) => localStorage.setItem('kaiyuan.language', value), language);
    await page.goto(`${server.baseUrl}/playground`);
    await expect.poll(() => page.getByTestId('chat-input').isEnabled(), { timeout: 15_000 }).toBe(true);
    await chooseOption(page.getByLabel(texts[language].model, { exact: true }), 'sim-chat');
  };

  const chooseOption = async (select: ReturnType<Page['getByLabel']>, option: string) => {
    await select.click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click();
    await page.locator('.ant-select-dropdown:visible').waitFor({ state: 'hidden' });
  };

  /** Sends a message and waits until every column's newest answer has its statistics. */
  const send = async (text: string, columns = 1) => {
    const before = await page.getByTestId('answer-stats').count();
    await page.getByTestId('chat-input').fill(text);
    await page.getByTestId('chat-input').press('Enter');
    await expect.poll(() => page.getByTestId('answer-stats').count(), { timeout: 15_000 }).toBe(before + columns);
    await expect.poll(() => page.getByTestId('chat-send').isVisible()).toBe(true); // nothing streams any more
  };

  const answerTexts = () => page.getByTestId('message-assistant').getByTestId('message-text').allTextContents();
  const questionTexts = () => page.getByTestId('message-user').getByTestId('message-text').allTextContents();

  /** Generous: the suite shares a 2-core machine with other work, and each test sends several messages. */
  const testTimeout = 90_000;

  for (const language of ['en', 'zh-CN'] as const) {
    it(
      `sends, regenerates, edits and resends (${language})`,
      async () => {
        await openPlayground(language);
        await send(`${texts[language].first} ${language}`);
        await send(`${texts[language].second} ${language}`);
        expect(await questionTexts()).toEqual([
          `${texts[language].first} ${language}`,
          `${texts[language].second} ${language}`,
        ]);

        // Regenerate: the last answer is replaced by a new request (a new request id), nothing else changes.
        const lastAnswer = () => page.getByTestId('message-assistant').last();
        const firstRequestId = await lastAnswer().getByTestId('answer-stats').locator('.ant-typography').textContent();
        const regenerate = lastAnswer().getByTestId('regenerate');
        expect(await regenerate.textContent()).toContain(texts[language].regenerate);
        const chatCalls = requests.filter((request) => request.url().endsWith('/v1/chat/completions')).length;
        await regenerate.click();
        await expect
          .poll(() => requests.filter((request) => request.url().endsWith('/v1/chat/completions')).length)
          .toBe(chatCalls + 1);
        await lastAnswer().getByTestId('answer-stats').waitFor();
        await expect.poll(() => page.getByTestId('chat-send').isVisible()).toBe(true);
        expect(await page.getByTestId('message-assistant').count()).toBe(2);
        expect(await lastAnswer().getByTestId('answer-stats').locator('.ant-typography').textContent()).not.toBe(
          firstRequestId,
        );
        expect((await answerTexts())[1]).toContain(`${texts[language].second} ${language}`);
        // Only the last answer offers regeneration.
        expect(await page.getByTestId('regenerate').count()).toBe(1);

        // Edit the first message: the later turns are dropped and the edited message is answered.
        await page.getByTestId('message-user').first().getByTestId('edit-message').click();
        await page.getByTestId('edit-input').fill(`${texts[language].edited} ${language}`);
        await page.getByTestId('edit-resend').click();
        await expect.poll(questionTexts).toEqual([`${texts[language].edited} ${language}`]);
        await page.getByTestId('answer-stats').waitFor();
        expect(await answerTexts()).toHaveLength(1);
        expect((await answerTexts())[0]).toContain(`${texts[language].edited} ${language}`);
        const body = JSON.parse(
          requests
            .filter((request) => request.url().endsWith('/v1/chat/completions'))
            .at(-1)!
            .postData() ?? '{}',
        ) as { messages: { role: string; content: string }[] };
        expect(body.messages).toEqual([{ role: 'user', content: `${texts[language].edited} ${language}` }]);
        await saveScreenshot(page, `playground-edited-${language.toLowerCase()}`);

        // Stop: an answer that does not come is stopped; the exchange stays, tagged as stopped.
        await page.route('**/v1/chat/completions', () => {}); // holds the request unanswered
        await page.getByTestId('chat-input').fill(`${texts[language].stop} ${language}`);
        await page.getByTestId('chat-input').press('Enter');
        await page.getByTestId('chat-stop').click();
        await expect
          .poll(() => page.getByTestId('message-assistant').last().textContent())
          .toContain(texts[language].stopped);
        await page.unroute('**/v1/chat/completions');
        expect(await page.getByTestId('chat-send').isVisible()).toBe(true);
      },
      testTimeout,
    );

    it(
      `compares two models side by side, each with its own statistics (${language})`,
      async () => {
        await page.getByTestId('compare-switch').click();
        await chooseOption(page.getByLabel(texts[language].compareModel, { exact: true }), 'sim-reasoner');
        await send(`${texts[language].compare} ${language}`, 2);
        const columns = [page.getByTestId('compare-column-0'), page.getByTestId('compare-column-1')];
        for (const [index, model] of ['sim-chat', 'sim-reasoner'].entries()) {
          const answer = columns[index]!.getByTestId('message-assistant').last();
          expect(await answer.locator('.ant-tag').first().textContent()).toBe(model);
          expect(await answer.getByTestId('message-text').textContent()).toContain(
            `${texts[language].compare} ${language}`,
          );
          expect(await answer.getByTestId('stat-tokens').textContent()).toMatch(/\d+/);
          expect(await answer.getByTestId('stat-cost').textContent()).toMatch(/0\.0\d+/);
          // Both continue the same conversation: the edited and the stopped exchange, then the compared one.
          expect(await columns[index]!.getByTestId('message-user').count()).toBe(3);
        }
        expect(await columns[1]!.getByTestId('message-reasoning').last().textContent()).not.toBe('');
        const bodies = requests
          .filter((request) => request.url().endsWith('/v1/chat/completions'))
          .slice(-2)
          .map((request) => JSON.parse(request.postData() ?? '{}') as { model: string; messages: unknown[] });
        expect(bodies.map((body) => body.model).sort()).toEqual(['sim-chat', 'sim-reasoner']);
        expect(bodies[0]!.messages).toEqual(bodies[1]!.messages);
        await saveScreenshot(page, `playground-compare-${language.toLowerCase()}`);
        await page.getByTestId('compare-switch').click();
        await page.getByTestId('compare-column-1').waitFor({ state: 'detached' });
      },
      testTimeout,
    );

    it(
      `fills the system prompt from a preset, and asks for JSON and for tool calls (${language})`,
      async () => {
        await chooseOption(page.getByTestId('preset-select').getByRole('combobox'), texts[language].preset);
        expect(await page.getByTestId('system-prompt').inputValue()).toMatch(
          language === 'en' ? /helpful assistant/ : /乐于助人/,
        );

        await page.getByTestId('json-mode').click();
        await send(`JSON please ${language}`);
        const json = page.getByTestId('message-assistant').last().locator('[data-testid="answer-code"]');
        expect(await json.getAttribute('data-language')).toBe('json');
        expect(JSON.parse((await json.locator('code').textContent()) ?? '')).toHaveProperty('answer');
        const jsonBody = JSON.parse(
          requests
            .filter((request) => request.url().endsWith('/v1/chat/completions'))
            .at(-1)!
            .postData() ?? '{}',
        ) as Record<string, unknown>;
        expect(jsonBody.response_format).toEqual({ type: 'json_object' });
        expect((jsonBody.messages as { role: string }[])[0]!.role).toBe('system');
        await page.getByTestId('json-mode').click();

        await page.getByTestId('tools-switch').click();
        expect(await page.getByTestId('tools-input').inputValue()).toContain('get_weather');
        await page.getByTestId('tools-input').fill('[{"name": "broken name"}]');
        await expect.poll(() => page.getByTestId('chat-send').isDisabled()).toBe(true); // invalid tools block sending
        await page.getByTestId('tools-input').fill(
          JSON.stringify([
            {
              type: 'function',
              function: {
                name: 'get_weather',
                parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
              },
            },
          ]),
        );
        await send(`Weather in Hangzhou ${language}`);
        const call = page.getByTestId('message-assistant').last().getByTestId('tool-call');
        expect(await call.getByTestId('tool-call-name').textContent()).toBe('get_weather');
        expect(JSON.parse((await call.getByTestId('tool-call-arguments').textContent()) ?? '')).toHaveProperty('city');
        await saveScreenshot(page, `playground-tools-${language.toLowerCase()}`);
        await page.getByTestId('tools-switch').click();
      },
      testTimeout,
    );

    it(
      `shows markup, scripts and links in answers as inert text (${language})`,
      async () => {
        const payloads = [
          '<img src=x onerror=window.__xss=1>',
          '<script>window.__xss=2</script>',
          '[click](javascript:window.__xss=3)',
          'See [docs](https://example.com/docs)',
          '![logo](https://example.com/logo.png)',
        ];
        for (const payload of payloads) await send(payload);
        const log = page.getByTestId('chat-log');
        expect(await log.locator('img, script, iframe, object').count()).toBe(0);
        // No link in an answer is a real link: links are buttons until the second click.
        expect(await log.locator('a[href]').count()).toBe(0);
        const answers = await answerTexts();
        expect(answers.some((text) => text.includes('<img src=x onerror=window.__xss=1>'))).toBe(true);
        expect(answers.some((text) => text.includes('<script>'))).toBe(true);
        expect(answers.some((text) => text.includes('[click](javascript:window.__xss=3)'))).toBe(true);

        const link = log.getByTestId('answer-link').filter({ hasText: 'docs' }).last();
        expect(await link.textContent()).toContain('example.com');
        await link.click();
        const open = page.locator('.ant-popover:visible').getByTestId('link-open');
        await open.waitFor();
        expect(await page.locator('.ant-popover:visible').getByTestId('link-address').textContent()).toBe(
          'https://example.com/docs',
        );
        expect(await open.getAttribute('href')).toBe('https://example.com/docs');
        expect(await open.getAttribute('target')).toBe('_blank');
        expect(await open.getAttribute('rel')).toBe('noopener noreferrer nofollow');
        await saveScreenshot(page, `playground-links-${language.toLowerCase()}`);
        await page.keyboard.press('Escape');
        await page.getByTestId('chat-input').click();

        await page.waitForTimeout(300); // give any injected handler a chance to run
        expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
        const stray = requests
          .map((request) => new URL(request.url()))
          .filter((url) => url.hostname === 'example.com' || url.pathname.endsWith('/x'));
        expect(stray.map(String)).toEqual([]);
        expect(browser.problems).toEqual([]);
      },
      testTimeout,
    );
  }

  it(
    'keeps the saved presets of this browser across reloads',
    async () => {
      await page.evaluate(() => localStorage.setItem('kaiyuan.language', 'en'));
      await page.goto(`${server.baseUrl}/playground`);
      await page.getByTestId('system-prompt').fill('Answer like a pirate.');
      await page.getByTestId('preset-save').click();
      await page.getByTestId('preset-name').fill('Pirate');
      await page.getByTestId('preset-name').press('Enter');
      await page.getByTestId('preset-delete').waitFor();
      await page.reload();
      await page.getByTestId('system-prompt').waitFor();
      expect(await page.getByTestId('system-prompt').inputValue()).toBe('');
      await chooseOption(page.getByTestId('preset-select').getByRole('combobox'), 'Pirate');
      expect(await page.getByTestId('system-prompt').inputValue()).toBe('Answer like a pirate.');
      await page.getByTestId('preset-delete').click();
      expect(
        await page.evaluate(() => JSON.parse(localStorage.getItem('kaiyuan.playground.presets') ?? '[]').length),
      ).toBe(0);
      expect(browser.problems).toEqual([]);
    },
    testTimeout,
  );

  it(
    'signed out: the password reset pages validate, show the server error under the form and can be sent again',
    async () => {
      await page.getByTestId('account-menu').click();
      await page.getByRole('menuitem', { name: 'Sign out' }).click();
      await page.getByRole('link', { name: 'Forgot your password?' }).click();
      await page.getByRole('heading', { name: 'Reset your password' }).waitFor();
      const send = page.getByRole('button', { name: 'Send the link' });
      await send.click();
      await page.getByText('Enter your email address.').waitFor(); // validated in the browser
      await page.getByLabel('Email').fill(ownerAccount.email);
      await send.click();
      // No SMTP on this server: the server's refusal shows under the form, and the form is usable again.
      const failure = page.locator('.ant-alert-error[role="alert"]');
      await failure.waitFor();
      expect(await failure.textContent()).toMatch(/\S/);
      await expect.poll(() => send.isEnabled()).toBe(true);

      await page.goto(`${server.baseUrl}/reset-password?token=not-a-token`);
      await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
      await page.getByLabel('New password').fill('short');
      await page.getByRole('button', { name: 'Set password' }).click();
      await page.getByText('At least 8 characters.').waitFor();
      await page.getByLabel('New password').fill('a long enough password');
      await page.getByRole('button', { name: 'Set password' }).click();
      await page.locator('.ant-alert-error[role="alert"]').waitFor();
      expect(await page.locator('.ant-alert-error[role="alert"]').textContent()).toMatch(/link|链接/);
      await saveScreenshot(page, 'reset-password-error');
      expect(browser.problems).toEqual([]);
    },
    testTimeout,
  );
});
