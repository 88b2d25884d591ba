import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { consoleEn } from '../i18n/console-en.ts';
import { consoleZhCn } from '../i18n/console-zh-cn.ts';
import { apiErrorFromBody, errorMessage } from './api-error.ts';

beforeAll(async () => {
  await i18next.init({
    resources: { en: { translation: consoleEn }, 'zh-CN': { translation: consoleZhCn } },
    lng: 'zh-CN',
    interpolation: { escapeValue: false },
  });
});

describe('errorMessage', () => {
  it("translates the API's stable code with its params and keeps the English text for unknown codes", async () => {
    await i18next.changeLanguage('zh-CN');
    const tooLarge = apiErrorFromBody(
      400,
      {
        error: {
          message: 'The file is larger than the upload limit of 5 MB.',
          code: 'file_too_large',
          params: { limitMb: 5 },
        },
      },
      'fallback',
    );
    expect(errorMessage(tooLarge)).toBe('文件超过了 5 MB 的上传上限。');
    const signIn = apiErrorFromBody(
      401,
      { error: { message: 'Incorrect email or password.', code: 'invalid_credentials' } },
      '',
    );
    expect(errorMessage(signIn)).toBe('邮箱或密码不正确。');
    const unknown = apiErrorFromBody(400, { error: { message: 'Something new.', code: 'brand_new_code' } }, '');
    expect(errorMessage(unknown)).toBe('Something new.');
    await i18next.changeLanguage('en');
    const deployment = apiErrorFromBody(
      503,
      { error: { message: 'No deployment…', code: 'no_available_deployment', params: { model: 'sim-chat' } } },
      '',
    );
    expect(errorMessage(deployment)).toContain("'sim-chat'");
  });

  it('ignores params that are not plain values', () => {
    const error = apiErrorFromBody(400, { error: { message: 'm', code: 'c', params: { a: { nested: 1 }, b: 2 } } }, '');
    expect(error.params).toEqual({ b: 2 });
  });
});
