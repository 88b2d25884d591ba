import type { PiiSpan, PiiType } from './pii-detectors.ts';

export type RedactionMode = 'tag' | 'mask' | 'remove';

export const defaultTags: Record<PiiType, string> = {
  email: '[EMAIL]',
  phone: '[PHONE]',
  id_card: '[ID_CARD]',
  bank_card: '[BANK_CARD]',
  ip: '[IP]',
  credentials: '[CREDENTIALS]',
};

/** Masks keep the shape a reader expects: 138****5678, 1101**********123X, a***@example.com. */
export function maskValue(span: PiiSpan, maskCharacter = '*'): string {
  const value = span.value;
  if (span.type === 'email') {
    const at = value.indexOf('@');
    return `${value[0]}${maskCharacter.repeat(Math.max(1, at - 1))}${value.slice(at)}`;
  }
  if (span.type === 'credentials' || span.type === 'ip') return value.replace(/[^:@.]/g, maskCharacter);
  const keepStart = span.type === 'id_card' || span.type === 'bank_card' ? 4 : 3;
  let seen = 0;
  const digits = value.replace(/[^\dXx]/g, '').length;
  return value.replace(/[\dXx]/g, (digit) => {
    seen++;
    return seen <= keepStart || seen > digits - 4 ? digit : maskCharacter;
  });
}

export function redactSpans(
  text: string,
  spans: PiiSpan[],
  mode: RedactionMode,
  tags: Record<PiiType, string>,
  maskCharacter = '*',
): string {
  if (spans.length === 0) return text;
  const parts: string[] = [];
  let position = 0;
  for (const span of spans) {
    parts.push(text.slice(position, span.start));
    if (mode === 'tag') parts.push(tags[span.type]);
    else if (mode === 'mask') parts.push(maskValue(span, maskCharacter));
    position = span.end;
  }
  parts.push(text.slice(position));
  return parts.join('');
}
