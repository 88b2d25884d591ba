import { describe, expect, it } from 'vitest';
import { formatMinor, minorToNano, nanoToMinorFloor, parseMinor } from './payment-amounts.ts';

describe('payment amounts', () => {
  it('reads decimal amounts with at most two decimals into minor units', () => {
    expect(parseMinor('50')).toBe(5000);
    expect(parseMinor('12.3')).toBe(1230);
    expect(parseMinor('0.01')).toBe(1);
    expect(parseMinor('1.234')).toBeNull();
    expect(parseMinor('-1')).toBeNull();
    expect(parseMinor('1e3')).toBeNull();
  });

  it('converts minor units to the ledger nano-units and back down to whole fen', () => {
    expect(minorToNano(1234, 'CNY')).toBe(12_340_000_000);
    expect(nanoToMinorFloor(12_345_678_901, 'CNY')).toBe(1234);
    expect(() => minorToNano(1, 'JPY')).toThrow(/not supported/);
  });

  it('formats minor units as provider amounts', () => {
    expect(formatMinor(5000)).toBe('50.00');
    expect(formatMinor(7)).toBe('0.07');
  });
});
