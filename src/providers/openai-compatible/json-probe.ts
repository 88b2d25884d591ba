/**
 * Cheap looks into JSON text without parsing it, for the stream hot path. `"key"` can only occur
 * unescaped as a real key or string in the JSON (inside strings the quotes are escaped), so a
 * probe that finds nothing is exact, and one that finds something is confirmed by a real parse.
 */

/** The first character of the value of the first occurrence of `"key":`, or '' when absent. */
export function valueStart(text: string, key: string): string {
  const needle = `"${key}"`;
  let from = 0;
  while (true) {
    const at = text.indexOf(needle, from);
    if (at === -1) return '';
    let index = at + needle.length;
    while (isSpace(text.charCodeAt(index))) index++;
    if (text.charCodeAt(index) === 58 /* ':' */) {
      index++;
      while (isSpace(text.charCodeAt(index))) index++;
      return text.charAt(index);
    }
    from = at + needle.length;
  }
}

/** True when `"key"` has a value starting with one of `starts` anywhere in the text. */
export function hasValue(text: string, key: string, starts: string): boolean {
  return hasQuotedValue(text, `"${key}"`, starts);
}

/**
 * `hasValue` with the key already quoted (`'"usage"'`): the hot path passes string constants, so no
 * needle is built per call.
 */
export function hasQuotedValue(text: string, needle: string, starts: string): boolean {
  let from = 0;
  while (true) {
    const at = text.indexOf(needle, from);
    if (at === -1) return false;
    let index = at + needle.length;
    while (isSpace(text.charCodeAt(index))) index++;
    if (text.charCodeAt(index) === 58) {
      index++;
      while (isSpace(text.charCodeAt(index))) index++;
      if (starts.includes(text.charAt(index))) return true;
    }
    from = at + needle.length;
  }
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}

/** Structural check of one JSON object's text: starts with `{` and ends with `}`. */
export function looksLikeJsonObject(text: string): boolean {
  let start = 0;
  let end = text.length - 1;
  while (start <= end && isSpace(text.charCodeAt(start))) start++;
  while (end >= start && isSpace(text.charCodeAt(end))) end--;
  return text.charCodeAt(start) === 123 && text.charCodeAt(end) === 125;
}
