import { describe, expect, it } from 'vitest';
import {
  allRuleDates,
  buildRule,
  dayOff,
  dayOffLabel,
  expandBlocks,
  legacyRule,
  ruleText,
  type BlockRule,
  type DaysOff,
} from './recurrence';
import { wallClock } from './zoned';

const rule = (over: Partial<BlockRule> = {}): BlockRule => ({
  id: 1,
  userId: 7,
  kind: 'networking',
  title: '',
  repeat: 'rule',
  weekday: 2,
  startMinute: 9 * 60,
  endMinute: 10 * 60,
  firstDate: '2026-12-01',
  lastDate: null,
  ...over,
});

const dates = (r: BlockRule, from: string, to: string, off?: DaysOff) =>
  expandBlocks([r], [], from, to, 'America/Chicago', off).map((o) => o.date);

describe('RFC 5545 marketing rules', () => {
  it('expands "the second Tuesday of every month" and says so in words', () => {
    const r = rule({ rrule: buildRule({ pattern: 'monthly', position: 2, weekday: 2 }, '2026-12-01', { until: null, count: null }) });
    expect(r.rrule).toBe('FREQ=MONTHLY;BYDAY=+2TU');
    // Dec 2026 starts on a Tuesday (1st), so the second is the 8th; Jan 2027 starts on a Friday: 5th, 12th.
    expect(dates(r, '2026-12-01', '2027-03-31')).toEqual(['2026-12-08', '2027-01-12', '2027-02-09', '2027-03-09']);
    expect(ruleText(r)).toBe('every month on the 2nd Tuesday');
  });

  it('expands the first Monday and the last Friday of the month', () => {
    const first = rule({ rrule: buildRule({ pattern: 'monthly', position: 1, weekday: 1 }, '2026-12-01', { until: null, count: null }) });
    expect(dates(first, '2026-12-01', '2027-02-28')).toEqual(['2026-12-07', '2027-01-04', '2027-02-01']);
    const last = rule({ rrule: buildRule({ pattern: 'monthly', position: -1, weekday: 5 }, '2026-12-01', { until: null, count: null }) });
    expect(dates(last, '2026-12-01', '2027-01-31')).toEqual(['2026-12-25', '2027-01-29']);
    expect(ruleText(last)).toBe('every month on the last Friday');
  });

  it('repeats every N weeks from the first date, and stops after a count or on an end date', () => {
    const every2 = rule({
      firstDate: '2026-12-02',
      rrule: buildRule({ pattern: 'weekly', interval: 2 }, '2026-12-02', { until: null, count: 3 }),
    });
    expect(every2.rrule).toBe('FREQ=WEEKLY;INTERVAL=2;BYDAY=WE;COUNT=3');
    expect(dates(every2, '2026-11-01', '2027-06-30')).toEqual(['2026-12-02', '2026-12-16', '2026-12-30']);
    expect(allRuleDates(every2)).toEqual(['2026-12-02', '2026-12-16', '2026-12-30']);
    expect(ruleText(every2)).toBe('every 2 weeks on Wednesday for 3 times');
    const until = rule({
      firstDate: '2026-12-02',
      rrule: buildRule({ pattern: 'weekly', interval: 3 }, '2026-12-02', { until: '2027-01-13', count: null }),
    });
    // Until is inclusive: 2, 23 Dec, 13 Jan.
    expect(dates(until, '2026-11-01', '2027-06-30')).toEqual(['2026-12-02', '2026-12-23', '2027-01-13']);
  });

  it('keeps a monthly 09:00 at 09:00 on the wall clock across daylight saving (America/Chicago)', () => {
    // The second Tuesday of March 2027 (9th) is before the change (14th), April's (13th) after it.
    const r = rule({ rrule: 'FREQ=MONTHLY;BYDAY=+2TU' });
    const occ = expandBlocks([r], [], '2027-03-01', '2027-04-30', 'America/Chicago');
    expect(occ.map((o) => new Date(o.startsAt).toISOString())).toEqual(['2027-03-09T15:00:00.000Z', '2027-04-13T14:00:00.000Z']);
    expect(occ.map((o) => wallClock(o.startsAt, 'America/Chicago'))).toEqual(['2027-03-09T09:00', '2027-04-13T09:00']);
  });

  it('reads an older release’s weekly and one-off rows as the equivalent rules', () => {
    expect(legacyRule('weekly', 2, null)).toBe('FREQ=WEEKLY;BYDAY=TU');
    expect(legacyRule('weekly', 5, '2027-01-29')).toBe('FREQ=WEEKLY;BYDAY=FR;UNTIL=20270129');
    expect(legacyRule('once', 3, '2026-12-09')).toBe('FREQ=DAILY;COUNT=1');
    const weekly = rule({ repeat: 'weekly', weekday: 5, firstDate: '2026-12-02', lastDate: '2026-12-18' });
    const stored = rule({ ...weekly, rrule: legacyRule('weekly', 5, '2026-12-18') });
    expect(dates(weekly, '2026-11-01', '2027-01-31')).toEqual(['2026-12-04', '2026-12-11', '2026-12-18']);
    expect(dates(stored, '2026-11-01', '2027-01-31')).toEqual(dates(weekly, '2026-11-01', '2027-01-31'));
    const once = rule({ repeat: 'once', firstDate: '2026-12-09', lastDate: '2026-12-09' });
    expect(dates(once, '2026-12-01', '2026-12-31')).toEqual(['2026-12-09']);
    expect(ruleText(once)).toBe('once');
  });
});

describe('days off, moves and size', () => {
  it('leaves out occurrences on a firm holiday or on that person’s time off (and only that person’s)', () => {
    const friday = rule({ rrule: 'FREQ=WEEKLY;BYDAY=FR', firstDate: '2026-12-01' });
    const off: DaysOff = {
      holidays: [{ date: '2026-12-25', name: 'Christmas Day' }],
      timeOff: [
        { userId: 7, firstDate: '2026-12-10', lastDate: '2026-12-12', note: 'family' },
        { userId: 8, firstDate: '2026-12-17', lastDate: '2026-12-19', note: '' },
      ],
    };
    expect(dates(friday, '2026-12-01', '2027-01-08', off)).toEqual(['2026-12-04', '2026-12-18', '2027-01-01', '2027-01-08']);
    expect(dates(friday, '2026-12-01', '2027-01-08')).toHaveLength(6);
  });

  it('moves an occurrence to another date: it shows on the new date only, also when that date is in another range', () => {
    const weekly = rule({ rrule: 'FREQ=WEEKLY;BYDAY=TU' });
    const moved = [
      {
        blockId: 1,
        date: '2026-12-08',
        action: 'move' as const,
        toDate: '2026-12-17',
        startMinute: 13 * 60,
        endMinute: 14 * 60,
        reason: 'expo week',
      },
    ];
    const dec = expandBlocks([weekly], moved, '2026-12-07', '2026-12-20', 'UTC');
    expect(dec.map((o) => [o.date, o.ruleDate, o.startMinute, o.moved])).toEqual([
      ['2026-12-15', '2026-12-15', 540, null],
      ['2026-12-17', '2026-12-08', 780, 'expo week'],
    ]);
    expect(expandBlocks([weekly], moved, '2026-12-08', '2026-12-08', 'UTC')).toEqual([]);
    expect(expandBlocks([weekly], moved, '2026-12-17', '2026-12-17', 'UTC').map((o) => o.ruleDate)).toEqual(['2026-12-08']);
    // A move onto a later holiday does not happen either.
    const xmas = { holidays: [{ date: '2026-12-17', name: 'Office party' }], timeOff: [] };
    expect(expandBlocks([weekly], moved, '2026-12-07', '2026-12-20', 'UTC', xmas).map((o) => o.date)).toEqual(['2026-12-15']);
  });

  it('expands a year of weekly rules for a team (52 weeks × 50 rules) to the right count', () => {
    const rules = Array.from({ length: 50 }, (_, i) =>
      rule({ id: i + 1, repeat: 'weekly', weekday: (i % 5) + 1, firstDate: '2020-01-06' }),
    );
    const occ = expandBlocks(rules, [], '2026-01-05', '2027-01-03', 'America/Chicago');
    expect(occ).toHaveLength(50 * 52);
  });
});

describe('days off in words', () => {
  const off: DaysOff = {
    holidays: [{ date: '2026-12-25', name: 'Founders Day' }],
    timeOff: [
      { userId: 7, firstDate: '2026-12-14', lastDate: '2026-12-15', note: 'Family visit' },
      { userId: 8, firstDate: '2026-12-14', lastDate: '2026-12-14', note: '' },
    ],
  };

  it('heads a day in the week naturally: "Holiday: …", "Time off: …"', () => {
    expect(dayOffLabel(off, 7, '2026-12-25')).toBe('Holiday: Founders Day');
    expect(dayOffLabel(off, 7, '2026-12-15')).toBe('Time off: Family visit');
    expect(dayOffLabel(off, 8, '2026-12-14')).toBe('Time off');
    expect(dayOffLabel(off, 8, '2026-12-15')).toBeNull();
  });

  it('ends a refusal with the reason as a phrase', () => {
    expect(dayOff(off, 7, '2026-12-25')).toBe('the firm’s holiday “Founders Day”');
    expect(dayOff(off, 7, '2026-12-14')).toBe('time off (Family visit)');
  });
});
