import { describe, expect, it } from 'vitest';
import { addDays, localToInstant, zoneClock } from './zoned';
import { clockTime, minuteOfDay, parseTimeOfDay, timeOfDay } from './clock';

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

describe('parseTimeOfDay', () => {
  it('reads a time written on either clock', () => {
    expect(parseTimeOfDay('14:30')).toBe(870);
    expect(parseTimeOfDay('09:05')).toBe(545);
    expect(parseTimeOfDay('9:05')).toBe(545);
    expect(parseTimeOfDay('2:30 PM')).toBe(870);
    expect(parseTimeOfDay('2:30pm')).toBe(870);
    expect(parseTimeOfDay(' 2:30 p.m. ')).toBe(870);
    expect(parseTimeOfDay('2 pm')).toBe(840);
    expect(parseTimeOfDay('12:15 AM')).toBe(15);
    expect(parseTimeOfDay('12:15 PM')).toBe(735);
  });

  it('reads the end of a day only where it may be one', () => {
    expect(parseTimeOfDay('24:00')).toBeNull();
    expect(parseTimeOfDay('24:00', true)).toBe(1440);
    expect(parseTimeOfDay('12:00 AM')).toBe(0);
    expect(parseTimeOfDay('12:00 AM', true)).toBe(1440);
    expect(parseTimeOfDay('12:00 PM', true)).toBe(720);
  });

  it('refuses nonsense', () => {
    for (const text of ['', '14', '13:00 pm', '0:30 am', '25:00', '9:60', '2:30 xm', 'noonish', '14:30:00', '1430']) {
      expect(parseTimeOfDay(text), text).toBeNull();
    }
  });

  it('reads back what timeOfDay writes, on both clocks', () => {
    for (const minute of [0, 15, 59, 720, 735, 870, 1439]) {
      expect(parseTimeOfDay(timeOfDay(minute, '12h'))).toBe(minute);
      expect(parseTimeOfDay(timeOfDay(minute, '24h'))).toBe(minute);
    }
  });
});
