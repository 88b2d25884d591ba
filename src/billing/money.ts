/** Money is an integer count of nano-units of the billing currency (1 CNY = 1e9). */
export const nanoPerUnit = 1_000_000_000;

export function toNano(units: number): number {
  return Math.round(units * nanoPerUnit);
}

export function fromNano(nano: number): number {
  return nano / nanoPerUnit;
}

/** `12.345678` style, trailing zeros trimmed to at least two decimals. */
export function formatAmount(nano: number): string {
  const sign = nano < 0 ? '-' : '';
  const absolute = Math.abs(nano);
  const whole = Math.floor(absolute / nanoPerUnit);
  const fraction = String(absolute % nanoPerUnit)
    .padStart(9, '0')
    .replace(/0+$/, '')
    .padEnd(2, '0');
  return `${sign}${whole}.${fraction}`;
}

/** Parses a decimal amount in currency units (e.g. "10.50") to nano-units; null when malformed. */
export function parseAmount(text: string): number | null {
  const match = /^\s*(\d{1,9})(?:\.(\d{1,9}))?\s*$/.exec(text);
  if (!match) return null;
  return Number(match[1]) * nanoPerUnit + Number((match[2] ?? '').padEnd(9, '0'));
}
