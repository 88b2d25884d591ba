import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { consoleEn } from './console-en.ts';
import { consoleZhCn } from './console-zh-cn.ts';
import { en } from './en.ts';
import { dataPageEn, dataPageZhCn, labelingReviewEn, labelingReviewZhCn } from './labeling-texts.ts';
import { initialLanguage, rememberLanguage, type Language } from './language.ts';
import { zhCn } from './zh-cn.ts';

/** Initialises i18next once, with both languages bundled (they are small). */
export function setupI18n(): typeof i18next {
  const language = initialLanguage();
  void i18next.use(initReactI18next).init({
    resources: {
      en: { translation: { ...en, ...consoleEn, labelingReview: labelingReviewEn, dataPage: dataPageEn } },
      'zh-CN': { translation: { ...zhCn, ...consoleZhCn, labelingReview: labelingReviewZhCn, dataPage: dataPageZhCn } },
    },
    lng: language,
    fallbackLng: 'en',
    interpolation: { escapeValue: false }, // React escapes; never render translations as HTML
    returnNull: false,
  });
  document.documentElement.lang = language;
  return i18next;
}

export function changeLanguage(language: Language): void {
  rememberLanguage(language);
  document.documentElement.lang = language;
  void i18next.changeLanguage(language);
}
