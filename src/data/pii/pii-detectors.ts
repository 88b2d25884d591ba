import { isIP } from 'node:net';
import { isValidAreaCode, isValidBankCard, isValidResidentId } from './validators.ts';

export const piiTypes = ['email', 'phone', 'id_card', 'bank_card', 'ip', 'credentials'] as const;
export type PiiType = (typeof piiTypes)[number];

export interface PiiSpan {
  type: PiiType;
  start: number;
  end: number;
  value: string;
}

interface Detector {
  type: PiiType;
  pattern: RegExp;
  /** A cheap test that must hold for the pattern to have any chance (skips most texts). */
  mayContain: (text: string) => boolean;
  /** Returns the span to redact for a match, or null to reject it (failed validation). */
  accept(match: RegExpExecArray): { start: number; end: number } | null;
}

/** Phone, ID and card numbers all hold a run of at least three digits. */
const hasDigitRun = (text: string) => /\d{3}/.test(text);
const whole = (match: RegExpExecArray) => ({ start: match.index, end: match.index + match[0].length });
const digitsOf = (text: string) => text.replace(/\D/g, '');
const versionBefore = /(?:版本(?:号)?|version|ver\.?|\bv)\s*[:：]?\s*$/i;

const detectors: Detector[] = [
  {
    // Only the user:password part of a URL is secret; the host stays readable.
    type: 'credentials',
    pattern: /\b[a-z][a-z0-9+.-]*:\/\/([^\s:@/]+:[^\s@/]+)@/gi,
    mayContain: (text) => text.includes('://') && text.includes('@'),
    accept: (match) => {
      const start = match.index + match[0].indexOf('//') + 2;
      return { start, end: start + match[1]!.length };
    },
  },
  {
    type: 'email',
    pattern: /[a-z0-9](?:[a-z0-9._%+-]{0,63})@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}\b/gi,
    mayContain: (text) => text.includes('@'),
    accept: whole,
  },
  {
    type: 'id_card',
    mayContain: hasDigitRun,
    pattern: /(?<![\dA-Za-z])\d{6}(?:19|20)\d{2}[01]\d[0-3]\d\d{3}[\dXx](?![\dA-Za-z])/g,
    accept: (match) => (isValidResidentId(match[0]) ? whole(match) : null),
  },
  {
    type: 'bank_card',
    mayContain: hasDigitRun,
    // Not glued to letters, underscores or dashes: `col-4111111111111111`, `key_6222…` are identifiers.
    pattern: /(?<![\w-])(?:\d{4}[ -]){2,3}\d{4}(?:[ -]?\d{1,3})?(?![\w-])|(?<![\w-])\d{13,19}(?![\w-])/g,
    accept: (match) => (isValidBankCard(digitsOf(match[0])) ? whole(match) : null),
  },
  {
    // Mainland mobile: 1[3-9]X XXXX XXXX, optional +86 / 0086, optional space or dash groups.
    type: 'phone',
    mayContain: hasDigitRun,
    pattern: /(?<![\d+])(?:(?:\+|00)86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}(?!\d)/g,
    accept: whole,
  },
  {
    // Mainland landline: (0AA)NNNNNNNN, 0AA-NNNNNNNN, 0AAA NNNNNNN, optional extension.
    type: 'phone',
    mayContain: hasDigitRun,
    pattern:
      /(?<![\d+])(?:(?:\+|00)86[ -]?)?(?:\((0\d{2,3})\)|(0\d{2,3})[ -])\s?[2-9]\d{2,3}[ -]?\d{4}(?:[ -]?(?:ext|转|分机)[ .]?\d{1,5})?(?!\d)/gi,
    accept: (match) => (isValidAreaCode(match[1] ?? match[2] ?? '') ? whole(match) : null),
  },
  {
    // International E.164 with a leading +: 8 to 15 digits in groups.
    type: 'phone',
    mayContain: (text) => text.includes('+'),
    pattern: /(?<![\w+])\+[1-9]\d{0,2}(?:[ .-]?\(?\d{1,4}\)?){2,5}(?!\d)/g,
    accept: (match) => {
      const count = digitsOf(match[0]).length;
      return count >= 8 && count <= 15 ? whole(match) : null;
    },
  },
  {
    type: 'ip',
    mayContain: (text) => text.includes('.'),
    pattern: /(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![\d.]*\d)/g,
    // A version number (`版本 10.2.3.4`, `v1.2.3.4`, `version: 4.0.0.1`) is not an address.
    accept: (match) =>
      versionBefore.test(match.input.slice(Math.max(0, match.index - 16), match.index)) ? null : whole(match),
  },
  {
    type: 'ip',
    mayContain: (text) => text.includes('::') || /[0-9a-f]{1,4}:[0-9a-f]{1,4}:/i.test(text),
    pattern: /(?<![\w:])(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}(?:%\w+)?(?![\w:])/gi,
    accept: (match) =>
      isIP(match[0].replace(/%\w+$/, '')) === 6 && /[0-9a-f]/i.test(match[0]) && match[0].length >= 3
        ? whole(match)
        : null,
  },
];

const fullWidth = /[\uff01-\uff5e\u3000]/;

/**
 * Full-width ASCII (`１３８…`, `＠`, `．`) and the ideographic space mapped to ASCII one UTF-16 unit
 * for one, so detectors see the digits while offsets still point into the original text.
 */
export function foldFullWidth(text: string): string {
  if (!fullWidth.test(text)) return text;
  return text.replace(/[\uff01-\uff5e\u3000]/g, (character) =>
    character === '\u3000' ? ' ' : String.fromCharCode(character.charCodeAt(0) - 0xfee0),
  );
}

/**
 * Every detector needs a digit, `@` or `:` (ASCII or full width) in its match: a text without any
 * (most prose, most poems) has no PII, found in one scan without folding or running the detectors.
 */
const candidate = /[0-9:@\uff10-\uff1a\uff20]/;

/**
 * Finds PII spans of the enabled types, full-width digits included; overlapping candidates resolve
 * to the earliest, then longest. Values are the original text of the span.
 */
export function detectPii(original: string, enabled: ReadonlySet<PiiType>): PiiSpan[] {
  if (!candidate.test(original)) return [];
  const text = foldFullWidth(original);
  const spans: PiiSpan[] = [];
  for (const detector of detectors) {
    if (!enabled.has(detector.type) || !detector.mayContain(text)) continue;
    detector.pattern.lastIndex = 0;
    for (let match = detector.pattern.exec(text); match; match = detector.pattern.exec(text)) {
      const span = detector.accept(match);
      if (span) spans.push({ type: detector.type, ...span, value: original.slice(span.start, span.end) });
    }
  }
  spans.sort((a, b) => a.start - b.start || b.end - b.start - (a.end - a.start));
  const chosen: PiiSpan[] = [];
  let covered = -1;
  for (const span of spans) {
    if (span.start < covered) continue;
    chosen.push(span);
    covered = span.end;
  }
  return chosen;
}
