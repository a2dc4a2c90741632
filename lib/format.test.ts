import { describe, expect, it } from 'vitest';
import { centsToInput, formatExactMoney, formatMoney } from './format';

describe('money as people read it', () => {
  it('writes whole dollars without cents and anything else to the cent', () => {
    expect(formatMoney(500_000)).toBe('$5,000');
    expect(formatMoney(0)).toBe('$0');
    expect(formatMoney(9_950)).toBe('$99.50');
    expect(formatMoney(1)).toBe('$0.01');
    expect(formatMoney(-12_345_600)).toBe('-$123,456');
    expect(formatMoney(-1_050)).toBe('-$10.50');
  });

  it('writes invoice amounts to the cent, always', () => {
    expect(formatExactMoney(20_000)).toBe('$200.00');
    expect(formatExactMoney(123_456_789)).toBe('$1,234,567.89');
    expect(formatExactMoney(-5)).toBe('-$0.05');
  });

  it('gives the same text on every call (the formatters are made once and shared)', () => {
    const amounts = [100, 150, 0, 99_999, 100];
    expect(amounts.map(formatMoney)).toEqual(['$1', '$1.50', '$0', '$999.99', '$1']);
  });

  it('writes dollars for a form field', () => {
    expect(centsToInput(500_000)).toBe('5000');
    expect(centsToInput(9_950)).toBe('99.50');
  });
});
