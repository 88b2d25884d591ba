export const languages = ['zh-CN', 'en'] as const;
export type Language = (typeof languages)[number];

const storageKey = 'kaiyuan.language';

/** The remembered language, else the browser's (any Chinese variant → zh-CN), else English. */
export function initialLanguage(): Language {
  const stored = readStored();
  if (stored) return stored;
  const preferred = navigator.languages?.length ? navigator.languages : [navigator.language];
  for (const tag of preferred) {
    const lower = (tag ?? '').toLowerCase();
    if (lower.startsWith('zh')) return 'zh-CN';
    if (lower.startsWith('en')) return 'en';
  }
  return 'en';
}

export function rememberLanguage(language: Language): void {
  try {
    localStorage.setItem(storageKey, language);
  } catch {
    // storage may be disabled; the choice then lasts for this page only
  }
}

function readStored(): Language | null {
  try {
    const value = localStorage.getItem(storageKey);
    return (languages as readonly string[]).includes(value ?? '') ? (value as Language) : null;
  } catch {
    return null;
  }
}
