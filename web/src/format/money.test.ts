import { describe, expect, it } from 'vitest';
import { formatMoney, formatSignedMoney } from './money.ts';

describe('formatMoney', () => {
  it('writes a balance, a cent and a fraction of a cent the same way in both languages', () => {
    expect(formatMoney('50', 'CNY', 'zh-CN')).toBe('¥50.00');
    expect(formatMoney(50, 'CNY', 'en')).toBe('¥50.00');
    expect(formatMoney('0.01', 'CNY', 'en')).toBe('¥0.01');
    expect(formatMoney('0.0034', 'CNY', 'en')).toBe('¥0.0034');
    expect(formatMoney(0.123456, 'CNY', 'en')).toBe('¥0.123');
    expect(formatMoney(0.5, 'CNY', 'en')).toBe('¥0.50');
    expect(formatMoney(0, 'CNY', 'en')).toBe('¥0.00');
    expect(formatMoney(0.0000123, 'CNY', 'en')).toBe('¥0.000012');
    expect(formatMoney(1234.5, 'USD', 'en')).toBe('$1,234.50');
  });

  it('signs ledger amounts and survives unknown currencies and bad input', () => {
    expect(formatSignedMoney('-5', 'CNY', 'en')).toBe('-¥5.00');
    expect(formatSignedMoney('5', 'CNY', 'en')).toBe('+¥5.00');
    expect(formatMoney(1.5, 'XXX-not-a-currency', 'en')).toBe('1.50 XXX-not-a-currency');
    expect(formatMoney('abc', 'CNY', 'en')).toBe('—');
  });
});
