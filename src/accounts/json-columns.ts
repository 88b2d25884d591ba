/** JSON-as-text columns: parse defensively (a corrupt value becomes the fallback, never a crash). */
export function parseJsonColumn<T>(text: string | null | undefined, fallback: T): T {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

export function parseStringList(text: string | null | undefined): string[] {
  const value = parseJsonColumn<unknown>(text, []);
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}
