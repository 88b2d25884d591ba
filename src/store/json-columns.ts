/**
 * JSON-as-text columns (the same on SQLite and PostgreSQL). We wrote them ourselves, but a cell can
 * still be torn or edited by hand: parse defensively, so a corrupt value becomes the fallback and
 * never crashes a read.
 */
export function parseJsonColumn<T>(text: string | null | undefined, fallback: T): T {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/** A JSON array of strings; anything else (or a non-string element) is left out. */
export function parseStringList(text: string | null | undefined): string[] {
  const value = parseJsonColumn<unknown>(text, []);
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}
