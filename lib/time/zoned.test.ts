import { describe, expect, it } from 'vitest';
import { dayRangeLabel } from './format';
import { expandBlocks, type BlockRule } from './recurrence';
import { fromWallClock, instantToLocal, localToInstant, mondayOf, planningMonday, wallClock, weekOf } from './zoned';
import { weekBoundaries } from './zoned';

const rule = (over: Partial<BlockRule> = {}): BlockRule => ({
  id: 1,
  userId: 7,
  kind: 'direct_mail',
  title: '',
  repeat: 'weekly',
  weekday: 2,
  startMinute: 9 * 60,
  endMinute: 11 * 60,
  firstDate: '2027-03-01',
  lastDate: null,
  ...over,
});

describe('marketing block expansion', () => {
  it('keeps a weekly 09:00 block at 09:00 local on both sides of the spring daylight-saving change (America/Chicago)', () => {
    // DST starts Sunday 2027-03-14 in the US: Tuesday 9 March is CST (UTC-6), Tuesday 16 March is CDT (UTC-5).
    const occ = expandBlocks([rule()], [], '2027-03-08', '2027-03-21', 'America/Chicago');
    expect(occ.map((o) => o.date)).toEqual(['2027-03-09', '2027-03-16']);
    expect(occ.map((o) => new Date(o.startsAt).toISOString())).toEqual(['2027-03-09T15:00:00.000Z', '2027-03-16T14:00:00.000Z']);
    expect(occ.map((o) => wallClock(o.startsAt, 'America/Chicago'))).toEqual(['2027-03-09T09:00', '2027-03-16T09:00']);
    expect(occ.map((o) => (o.endsAt - o.startsAt) / 60_000)).toEqual([120, 120]);
  });

  it('keeps it at 09:00 across the autumn change too (Europe/Berlin)', () => {
    // Berlin leaves summer time on Sunday 2027-10-31.
    const occ = expandBlocks([rule({ firstDate: '2027-10-01' })], [], '2027-10-25', '2027-11-07', 'Europe/Berlin');
    expect(occ.map((o) => new Date(o.startsAt).toISOString())).toEqual(['2027-10-26T07:00:00.000Z', '2027-11-02T08:00:00.000Z']);
  });

  it('honours first and last dates, one-off blocks, skips and moves', () => {
    const rules = [
      rule({ lastDate: '2027-03-16' }),
      rule({
        id: 2,
        repeat: 'once',
        weekday: 4,
        firstDate: '2027-03-11',
        lastDate: '2027-03-11',
        kind: 'expo',
        startMinute: 480,
        endMinute: 1020,
      }),
    ];
    const occ = expandBlocks(
      rules,
      [
        { blockId: 1, date: '2027-03-09', action: 'skip', startMinute: null, endMinute: null, reason: 'client emergency' },
        { blockId: 1, date: '2027-03-16', action: 'move', startMinute: 13 * 60, endMinute: 15 * 60, reason: 'dentist' },
      ],
      '2027-03-01',
      '2027-03-31',
      'UTC',
    );
    expect(occ.map((o) => [o.blockId, o.date, o.startMinute, o.skipped, o.moved])).toEqual([
      [1, '2027-03-02', 540, null, null],
      [1, '2027-03-09', 540, 'client emergency', null],
      [2, '2027-03-11', 480, null, null],
      [1, '2027-03-16', 780, null, 'dentist'],
    ]);
  });

  it('converts between local dates, wall clock and instants', () => {
    const t = localToInstant('2027-03-14', 3 * 60, 'America/Chicago');
    expect(instantToLocal(t, 'America/Chicago')).toEqual({ date: '2027-03-14', minute: 180, weekday: 7 });
    expect(fromWallClock('2027-03-14T03:00', 'America/Chicago')).toBe(t);
    expect(localToInstant('2027-03-15', 1440, 'UTC')).toBe(Date.parse('2027-03-16T00:00:00Z'));
    expect(mondayOf('2027-03-14')).toBe('2027-03-08');
    expect(mondayOf('2027-03-15')).toBe('2027-03-15');
  });
});

describe('dayRangeLabel', () => {
  it('names both days of a window, or the one day', () => {
    expect(dayRangeLabel('2026-11-30', '2026-12-01', { thisYear: 2026 })).toBe('Mon Nov 30 – Tue Dec 1');
    expect(dayRangeLabel('2026-12-31', '2027-01-04', { thisYear: 2026 })).toBe('Thu Dec 31 – Mon Jan 4, 2027');
    expect(dayRangeLabel('2026-12-31', '2027-01-04', { thisYear: 2027 })).toBe('Thu Dec 31, 2026 – Mon Jan 4');
    expect(dayRangeLabel('2026-11-30', '2026-11-30', { thisYear: 2026 })).toBe('Mon Nov 30');
  });
});

describe('weekOf', () => {
  it('runs from Monday 00:00 to the next Monday 00:00 in the firm zone, whatever the day given', () => {
    for (const day of ['2026-11-23', '2026-11-25', '2026-11-29']) {
      const w = weekOf(day, 'America/Chicago');
      expect(w.monday).toBe('2026-11-23');
      expect(w.sunday).toBe('2026-11-29');
      // Chicago is UTC-6 in November.
      expect(new Date(w.start).toISOString()).toBe('2026-11-23T06:00:00.000Z');
      expect(new Date(w.end).toISOString()).toBe('2026-11-30T06:00:00.000Z');
    }
  });

  it('is 167 hours long across the spring change and 169 across the autumn one', () => {
    const spring = weekOf('2026-03-05', 'America/Chicago'); // clocks go forward on Sunday 8 March
    expect((spring.end - spring.start) / 3_600_000).toBe(167);
    const autumn = weekOf('2026-10-29', 'America/Chicago'); // and back on Sunday 1 November
    expect((autumn.end - autumn.start) / 3_600_000).toBe(169);
    expect(autumn.sunday).toBe('2026-11-01');
  });

  it('agrees with the dashboard’s week boundaries', () => {
    for (const [now, zone] of [
      [Date.UTC(2026, 10, 25, 21), 'America/Chicago'],
      [Date.UTC(2026, 9, 25, 23, 30), 'Europe/Berlin'], // the autumn-change Sunday, late evening
      [Date.UTC(2026, 2, 2, 5, 59), 'America/Chicago'], // Sunday night before Monday 00:00 local
    ] as const) {
      const w = weekOf(instantToLocal(now, zone).date, zone);
      expect([w.start, w.end]).toEqual(weekBoundaries(now, zone, 0));
    }
  });
});

describe('planningMonday', () => {
  it('plans this week on a weekday and the week ahead on the weekend', () => {
    expect(planningMonday('2026-11-23')).toBe('2026-11-23'); // Monday
    expect(planningMonday('2026-11-27')).toBe('2026-11-23'); // Friday
    expect(planningMonday('2026-11-28')).toBe('2026-11-30'); // Saturday
    expect(planningMonday('2026-11-29')).toBe('2026-11-30'); // Sunday
  });
});
