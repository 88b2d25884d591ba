/** JSON columns we wrote ourselves: parsed defensively (a corrupt cell becomes the fallback). */
export function parseJsonColumn<T>(text: string | null, fallback: T): T {
  if (text === null) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}
