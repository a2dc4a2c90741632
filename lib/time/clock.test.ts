import { describe, expect, it } from 'vitest';
import { addDays, localToInstant, zoneClock } from './zoned';
import { clockTime, minuteOfDay } from './clock';

/** What a zoned Intl formatter says: the reference the clock must agree with. */
const intlTime = (zone: string, t: number) =>
  new Intl.DateTimeFormat('en-US', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(t);

describe('zoneClock', () => {
  // A day with the end of DST (Chicago, Nov 1 2026), the start of DST (Chicago, Mar 8 2026), a half-hour zone without DST,
  // a zone whose DST moves the clock by 30 minutes (Lord Howe, Apr 5 2026) and a zone east of UTC crossing midnight.
  const cases: [string, string][] = [
    ['America/Chicago', '2026-11-01'],
    ['America/Chicago', '2026-03-08'],
    ['Asia/Kolkata', '2026-06-10'],
    ['Australia/Lord_Howe', '2026-04-05'],
    ['Europe/Berlin', '2026-10-25'],
    ['UTC', '2026-11-28'],
  ];
  for (const [zone, date] of cases) {
    it(`shows the same wall-clock time as Intl every 7 minutes over four days in ${zone} around ${date}`, () => {
      const from = localToInstant(addDays(date, -1), 0, zone);
      const to = localToInstant(addDays(date, 3), 0, zone);
      const clock = zoneClock(zone, from, to);
      for (let t = from; t < to; t += 7 * 60_000 + 1_000) expect(clockTime(clock, t), new Date(t).toISOString()).toBe(intlTime(zone, t));
    });
  }

  it('records each change of offset at its instant', () => {
    const zone = 'America/Chicago';
    const clock = zoneClock(zone, localToInstant('2026-10-31', 0, zone), localToInstant('2026-11-03', 0, zone));
    // 02:00 CDT on Nov 1 is 07:00 UTC: the offset goes from -300 to -360 minutes.
    expect(clock.offsets).toEqual([
      { from: clock.from, minutes: -300 },
      { from: Date.UTC(2026, 10, 1, 7), minutes: -360 },
    ]);
    expect(clockTime(clock, Date.UTC(2026, 10, 1, 7) - 1)).toBe('01:59');
    expect(clockTime(clock, Date.UTC(2026, 10, 1, 7))).toBe('01:00');
    // Built once per zone and span: Today asks for the same day's clock on every render.
    expect(zoneClock(zone, clock.from, clock.to)).toBe(clock);
  });

  it('falls back to the zone data outside its span', () => {
    const zone = 'America/Chicago';
    const clock = zoneClock(zone, localToInstant('2026-11-28', 0, zone), localToInstant('2026-11-29', 0, zone));
    const later = Date.UTC(2027, 6, 1, 15, 30); // July: CDT, an offset the clock does not hold
    expect(clockTime(clock, later)).toBe('10:30');
    expect(minuteOfDay(clock, clock.from - 60_000)).toBe(23 * 60 + 59);
  });
});
