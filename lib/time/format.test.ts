import { describe, expect, it } from 'vitest';
import { clockLabel, timeOfDay, timeSpan } from './clock';
import { dayTimeLabel, formatHours, hoursAmount, instantLabel, minutesToHoursInput, timeRangeLabel } from './format';
import { localToInstant, zoneClock } from './zoned';
import { HOUR_MS, MINUTE_MS } from './units';

const ZONE = 'America/Chicago';
const at = (date: string, minute: number) => localToInstant(date, minute, ZONE);

describe('times of day on either clock', () => {
  it.each([
    [0, '00:00', '12:00 AM'],
    [5, '00:05', '12:05 AM'],
    [495, '08:15', '8:15 AM'],
    [719, '11:59', '11:59 AM'],
    [720, '12:00', '12:00 PM'],
    [735, '12:15', '12:15 PM'],
    [1321, '22:01', '10:01 PM'],
    [1440, '24:00', '12:00 AM'],
  ])('minute %i reads %s or %s', (minute, h24, h12) => {
    expect(timeOfDay(minute, '24h')).toBe(h24);
    expect(timeOfDay(minute, '12h')).toBe(h12);
  });

  it('writes a span with one AM/PM when both ends share it', () => {
    expect(timeSpan(480, 660, '24h')).toBe('08:00–11:00');
    expect(timeSpan(480, 660, '12h')).toBe('8:00–11:00 AM');
    expect(timeSpan(660, 780, '12h')).toBe('11:00 AM–1:00 PM');
    expect(timeSpan(780, 1020, '12h')).toBe('1:00–5:00 PM');
    expect(timeSpan(1320, 1440, '12h')).toBe('10:00 PM–12:00 AM');
  });
});

describe('dates and times in messages', () => {
  it('reads "Mon Dec 7, 08:15", with the year only when it is not this one', () => {
    expect(dayTimeLabel('2026-12-07', 495, { hours: '24h', thisYear: 2026 })).toBe('Mon Dec 7, 08:15');
    expect(dayTimeLabel('2026-12-07', 495, { hours: '12h', thisYear: 2026 })).toBe('Mon Dec 7, 8:15 AM');
    expect(dayTimeLabel('2027-01-04', 810, { hours: '12h', thisYear: 2026 })).toBe('Mon Jan 4, 2027, 1:30 PM');
    expect(instantLabel(at('2026-12-07', 495), ZONE, { hours: '24h', thisYear: 2026, withZone: true })).toBe('Mon Dec 7, 08:15 CST');
  });

  it('names the wall clock on both sides of the end of DST (Chicago, Sun Nov 1 2026, 02:00 CDT → 01:00 CST)', () => {
    const cdt = Date.UTC(2026, 10, 1, 6, 30); // 01:30 CDT
    const cst = Date.UTC(2026, 10, 1, 7, 30); // 01:30 CST, an hour later
    for (const t of [cdt, cst]) {
      expect(instantLabel(t, ZONE, { hours: '24h', thisYear: 2026 })).toBe('Sun Nov 1, 01:30');
      expect(instantLabel(t, ZONE, { hours: '12h', thisYear: 2026 })).toBe('Sun Nov 1, 1:30 AM');
    }
    expect(instantLabel(cdt, ZONE, { hours: '12h', thisYear: 2026, withZone: true })).toBe('Sun Nov 1, 1:30 AM CDT');
    expect(instantLabel(cst, ZONE, { hours: '12h', thisYear: 2026, withZone: true })).toBe('Sun Nov 1, 1:30 AM CST');
    // Four hours of instants across the change read as three on the clock.
    expect(timeRangeLabel(ZONE, Date.UTC(2026, 10, 1, 5), Date.UTC(2026, 10, 1, 9), { hours: '24h', thisYear: 2026 })).toBe(
      'Sun Nov 1, 00:00–03:00',
    );
    expect(timeRangeLabel(ZONE, Date.UTC(2026, 10, 1, 5), Date.UTC(2026, 10, 1, 9), { hours: '12h', thisYear: 2026 })).toBe(
      'Sun Nov 1, 12:00–3:00 AM',
    );
  });

  it('skips the hour DST leaves out (Chicago, Sun Mar 8 2026, 02:00 CST → 03:00 CDT)', () => {
    const before = Date.UTC(2026, 2, 8, 7, 59); // 01:59 CST
    expect(instantLabel(before, ZONE, { hours: '12h', thisYear: 2026 })).toBe('Sun Mar 8, 1:59 AM');
    expect(instantLabel(before + MINUTE_MS, ZONE, { hours: '12h', thisYear: 2026 })).toBe('Sun Mar 8, 3:00 AM');
    expect(instantLabel(before + MINUTE_MS, ZONE, { hours: '24h', thisYear: 2026 })).toBe('Sun Mar 8, 03:00');
  });

  it('names both days of a stretch past midnight, and one day for a stretch ending at midnight', () => {
    expect(timeRangeLabel(ZONE, at('2026-12-07', 1320), at('2026-12-08', 60), { hours: '24h', thisYear: 2026 })).toBe(
      'Mon Dec 7, 22:00 – Tue Dec 8, 01:00',
    );
    expect(timeRangeLabel(ZONE, at('2026-12-07', 1320), at('2026-12-08', 0), { hours: '24h', thisYear: 2026 })).toBe(
      'Mon Dec 7, 22:00–24:00',
    );
  });

  it('shows the same time on the phone (the offsets the server sends) as on the server, on either clock, across DST', () => {
    for (const hours of ['24h', '12h'] as const) {
      const from = at('2026-10-31', 0);
      const to = at('2026-11-03', 0);
      const clock = zoneClock(ZONE, from, to, hours);
      for (let t = from; t < to; t += 7 * MINUTE_MS)
        expect(clockLabel(clock, t), new Date(t).toISOString()).toBe(instantLabel(t, ZONE, { hours }).split(', ').at(-1));
    }
    expect(clockLabel(zoneClock(ZONE, at('2026-12-07', 0), at('2026-12-08', 0), '12h'), at('2026-12-07', 0) + 13 * HOUR_MS)).toBe(
      '1:00 PM',
    );
  });
});

describe('amounts of hours: one rule everywhere', () => {
  it.each([
    [45, 0.75, '0.75 h'],
    [20, 0.33, '0.33 h'],
    [50, 0.83, '0.83 h'],
    [1, 0.02, '0.02 h'],
    [90, 1.5, '1.5 h'],
    [480, 8, '8 h'],
    [0, 0, '0 h'],
    [73014, 1216.9, '1216.9 h'],
  ])('%i minutes are %d hours, written %s', (minutes, amount, text) => {
    expect(hoursAmount(minutes)).toBe(amount);
    expect(formatHours(minutes)).toBe(text);
    expect(minutesToHoursInput(minutes)).toBe(String(amount));
  });
});
