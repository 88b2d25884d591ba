import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { type Language } from '../i18n/language.ts';
import { changeLanguage } from '../i18n/setup-i18n.ts';
import { initialThemeMode, rememberThemeMode, type ThemeMode } from './theme-mode.ts';

interface Preferences {
  language: Language;
  setLanguage(language: Language): void;
  themeMode: ThemeMode;
  setThemeMode(mode: ThemeMode): void;
}

const PreferencesContext = createContext<Preferences | null>(null);

/** Language and theme, both remembered in localStorage. */
export function PreferencesProvider({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  const [themeMode, setThemeModeState] = useState<ThemeMode>(initialThemeMode);
  const language: Language = i18n.language === 'zh-CN' ? 'zh-CN' : 'en';

  const setThemeMode = useCallback((mode: ThemeMode) => {
    rememberThemeMode(mode);
    setThemeModeState(mode);
  }, []);
  const setLanguage = useCallback((next: Language) => changeLanguage(next), []);

  const value = useMemo(
    () => ({ language, setLanguage, themeMode, setThemeMode }),
    [language, setLanguage, themeMode, setThemeMode],
  );
  return <PreferencesContext.Provider value={value}>{children}</PreferencesContext.Provider>;
}

export function usePreferences(): Preferences {
  const preferences = useContext(PreferencesContext);
  if (!preferences) throw new Error('usePreferences needs a PreferencesProvider');
  return preferences;
}
