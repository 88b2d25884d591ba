import { useTranslation } from 'react-i18next';

/**
 * The one money format of the console: the currency's narrow symbol (¥, $), two decimals from one
 * unit up, and below that as many decimals as three significant digits need (at most six), so a
 * fraction of a cent stays visible (¥0.0034) and a cent stays a cent (¥0.01, not ¥0.0100).
 * `amount` is in currency units: a number or the API's decimal string ("12.50").
 */
export function formatMoney(amount: number | string, currency: string, locale: string): string {
  const value = typeof amount === 'string' ? Number(amount) : amount;
  if (!Number.isFinite(value)) return '—';
  const magnitude = Math.abs(value);
  const fractionDigits =
    magnitude >= 1 || magnitude === 0 ? 2 : Math.min(6, Math.max(2, Math.ceil(-Math.log10(magnitude)) + 2));
  try {
    return new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      currencyDisplay: 'narrowSymbol',
      minimumFractionDigits: 2,
      maximumFractionDigits: fractionDigits,
    }).format(value);
  } catch {
    return `${value.toFixed(fractionDigits)} ${currency}`;
  }
}

/** A signed amount for ledgers: "+¥5.00", "-¥0.0034". */
export function formatSignedMoney(amount: number | string, currency: string, locale: string): string {
  const value = typeof amount === 'string' ? Number(amount) : amount;
  const formatted = formatMoney(Math.abs(value), currency, locale);
  return value < 0 ? `-${formatted}` : `+${formatted}`;
}

/** formatMoney in the console's current language. */
export function useMoney(): (amount: number | string, currency: string) => string {
  const { i18n } = useTranslation();
  return (amount, currency) => formatMoney(amount, currency, i18n.language);
}
