export type ThemeMode = 'light' | 'dark';

const storageKey = 'kaiyuan.theme';

/** The remembered theme, else the system's preference. */
export function initialThemeMode(): ThemeMode {
  try {
    const stored = localStorage.getItem(storageKey);
    if (stored === 'light' || stored === 'dark') return stored;
  } catch {
    // storage disabled
  }
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function rememberThemeMode(mode: ThemeMode): void {
  try {
    localStorage.setItem(storageKey, mode);
  } catch {
    // storage disabled
  }
}
