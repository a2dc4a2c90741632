import { describe, expect, it } from 'vitest';
import { checkOutEnd, checkOutErrors, proposedMinutes } from './check-out';
import { zoneClock } from '@/lib/time/zoned';
import { DAY_MS, MINUTE_MS } from '@/lib/time/units';

// 15:21:30.250 in New York on Dec 2, 2026 (UTC−5).
const now = Date.UTC(2026, 11, 2, 20, 21, 30, 250);
const clock = zoneClock('America/New_York', now - DAY_MS, now + DAY_MS);
const checkedInAt = Date.UTC(2026, 11, 2, 19, 0); // 14:00 New York

describe('checkOutEnd', () => {
  it('is the moment of the tap when the time was not touched', () => {
    expect(checkOutEnd(clock, now, null)).toBe(now);
  });

  it('reads a typed time on the firm’s clock, today, on the minute', () => {
    expect(checkOutEnd(clock, now, '15:00')).toBe(Date.UTC(2026, 11, 2, 20, 0));
    expect(checkOutEnd(clock, now, '15:21')).toBe(Date.UTC(2026, 11, 2, 20, 21));
  });

  it('keeps a typed time after now after now, so it can be refused rather than replaced', () => {
    expect(checkOutEnd(clock, now, '16:00')).toBe(Date.UTC(2026, 11, 2, 21, 0));
  });
});

describe('proposedMinutes', () => {
  it('rounds the time on site up to the billing increment', () => {
    expect(proposedMinutes(checkedInAt, checkedInAt + 61 * MINUTE_MS, 15)).toBe(75);
    expect(proposedMinutes(checkedInAt, checkedInAt + 60 * MINUTE_MS, 15)).toBe(60);
  });

  it('proposes at least one increment', () => {
    expect(proposedMinutes(checkedInAt, checkedInAt + 2 * MINUTE_MS, 30)).toBe(30);
  });
});

describe('checkOutErrors', () => {
  const ok = { summary: 'Replaced the switch', minutes: '90', endAt: now, tappedAt: now, checkedInAt };

  it('accepts a complete check-out', () => {
    expect(checkOutErrors(clock, ok)).toEqual({});
  });

  it('names each field that is wrong', () => {
    expect(checkOutErrors(clock, { ...ok, summary: '  ', minutes: '1:30' })).toEqual({
      summary: 'Write a short summary of the work.',
      minutes: 'Enter billable minutes as a whole number up to 1440.',
    });
    expect(checkOutErrors(clock, { ...ok, minutes: '1441' }).minutes).toMatch(/up to 1440/);
  });

  it('refuses an end after now, naming now on the firm’s clock as the firm writes times', () => {
    expect(checkOutErrors(clock, { ...ok, endAt: now + MINUTE_MS }).end).toBe('The end can’t be later than now (15:21).');
    const twelve = { ...clock, hours: '12h' as const };
    expect(checkOutErrors(twelve, { ...ok, endAt: now + MINUTE_MS }).end).toBe('The end can’t be later than now (3:21 PM).');
  });

  it('refuses an end at or before the check-in', () => {
    expect(checkOutErrors(clock, { ...ok, endAt: checkedInAt }).end).toBe('The end must be after the check-in.');
  });
});
