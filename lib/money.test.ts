import { describe, expect, it } from 'vitest';
import { allocateCents, amountForMinutes, entryAmountCents, hourlyRateCents, lineNetCents, taxCents } from './money';
import fc from 'fast-check';

describe('amountForMinutes', () => {
  it('bills minutes at the hourly rate, rounded once to the nearest cent', () => {
    expect(amountForMinutes(90, 12_000)).toBe(18_000); // 1.5 h at $120
    expect(amountForMinutes(7, 9_500)).toBe(1_108); // 1,108.33… cents
    expect(amountForMinutes(10, 9_500)).toBe(1_583); // 1,583.33… cents
    expect(amountForMinutes(5, 9_500)).toBe(792); // 791.67 cents rounds up
  });

  it('rounds half a cent up', () => {
    expect(amountForMinutes(1, 150)).toBe(3); // 2.5 cents
    expect(amountForMinutes(1, 90)).toBe(2); // 1.5 cents
  });

  it('bills nothing without a rate', () => {
    expect(amountForMinutes(60, null)).toBe(0);
    expect(amountForMinutes(60, undefined)).toBe(0);
    expect(amountForMinutes(60, 0)).toBe(0);
  });
});

describe('entryAmountCents', () => {
  it('bills micro and sweet-spot work, never marketing or admin time', () => {
    expect(entryAmountCents('micro', 45, 10_000)).toBe(7_500);
    expect(entryAmountCents('sweet_spot', 45, 10_000)).toBe(7_500);
    expect(entryAmountCents('marketing', 45, 10_000)).toBe(0);
    expect(entryAmountCents('admin', 45, 10_000)).toBe(0);
  });
});

describe('hourlyRateCents', () => {
  it('is revenue per hour to the nearest cent, and none without hours', () => {
    expect(hourlyRateCents(312_000, 52 * 60)).toBe(6_000); // $3,120 over 52 h
    expect(hourlyRateCents(10_000, 7)).toBe(85_714); // 85,714.28… cents
    expect(hourlyRateCents(100, 0)).toBeNull();
    expect(hourlyRateCents(0, 60)).toBe(0);
  });
});

describe('invoice arithmetic', () => {
  it('prices a line to the cent, half a cent away from zero', () => {
    expect(lineNetCents(1_000, 9_500)).toBe(9_500); // 1 × $95
    expect(lineNetCents(2_500, 1_999)).toBe(4_998); // 2.5 × $19.99 = 49.975 → 49.98
    expect(lineNetCents(1_000, -1_250)).toBe(-1_250); // a discount
    expect(lineNetCents(500, -1)).toBe(-1); // -0.5 cent → -1 cent
    expect(lineNetCents(333, 100)).toBe(33);
  });

  it('taxes a line at thousandths of a percent', () => {
    expect(taxCents(10_000, 8_875)).toBe(888); // 8.875 % of $100 = 887.5 cents → 888
    expect(taxCents(9_999, 20_000)).toBe(2_000); // 20 % of $99.99 = 1,999.8
    expect(taxCents(-1_000, 8_875)).toBe(-89); // a discount lowers the tax: -88.75 → -89
    expect(taxCents(12_345, 0)).toBe(0);
  });

  it('splits a total in proportion, the remainder cents going to the first parts', () => {
    expect(allocateCents(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocateCents(1_000, [50, 50])).toEqual([500, 500]);
    expect(() => allocateCents(100, [])).toThrow(RangeError);
    expect(() => allocateCents(100, [0, 0])).toThrow(RangeError);
    expect(() => lineNetCents(1.5, 100)).toThrow(RangeError);
  });

  it('never loses or invents a cent when splitting (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -10_000_000, max: 10_000_000 }),
        fc.array(fc.integer({ min: 0, max: 1_000 }), { minLength: 1, maxLength: 12 }).filter((r) => r.some((x) => x > 0)),
        (total, ratios) => {
          const parts = allocateCents(total, ratios);
          expect(parts).toHaveLength(ratios.length);
          expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
          parts.forEach((p) => expect(Number.isInteger(p)).toBe(true));
        },
      ),
    );
  });

  it('a rounded line is within half a cent of the exact amount (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.integer({ min: -1_000_000, max: 1_000_000 }), (q, unit) => {
        const exact = (q * unit) / 1000;
        expect(Math.abs(lineNetCents(q, unit) - exact)).toBeLessThanOrEqual(0.5);
      }),
    );
  });
});
