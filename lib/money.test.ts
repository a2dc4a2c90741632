import { describe, expect, it } from 'vitest';
import { amountForMinutes, entryAmountCents, hourlyRateCents } from './money';

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
