import { nanoPerUnit } from '../billing/money.ts';

/** Minor units per unit of each currency we take payments in (both have two decimals). */
const minorPerUnit: Record<string, number> = { CNY: 100, USD: 100 };

export function minorUnits(currency: string): number {
  const perUnit = minorPerUnit[currency.toUpperCase()];
  if (!perUnit) throw new Error(`Payments in ${currency} are not supported.`);
  return perUnit;
}

/** An order amount in minor units as nano-units of the same currency (the ledger's unit). */
export function minorToNano(amountMinor: number, currency: string): number {
  return amountMinor * (nanoPerUnit / minorUnits(currency));
}

/** The largest whole number of minor units within a nano-unit amount (what can be refunded). */
export function nanoToMinorFloor(nano: number, currency: string): number {
  return Math.floor(nano / (nanoPerUnit / minorUnits(currency)));
}

/** "10.00" → 1000; null when malformed or with more than two decimals. */
export function parseMinor(text: string): number | null {
  const match = /^\s*(\d{1,9})(?:\.(\d{1,2}))?\s*$/.exec(text);
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** 1000 → "10.00" (Alipay's total_amount, receipts). */
export function formatMinor(amountMinor: number): string {
  const sign = amountMinor < 0 ? '-' : '';
  const absolute = Math.abs(amountMinor);
  return `${sign}${Math.floor(absolute / 100)}.${String(absolute % 100).padStart(2, '0')}`;
}
