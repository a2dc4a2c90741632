import { describe, expect, it } from 'vitest';
import { planAutoSchedule, type AutoScheduleInput, type PlanVisit } from './auto-plan';
import { marketingReserve, type MarketingWindow, type ReserveInput } from './marketing-reserve';
import { localToInstant, wallClock } from '@/lib/time/zoned';

const zone = 'America/Chicago';
const H = 60;
const at = (date: string, hh: number, mm = 0) => localToInstant(date, hh * H + mm, zone);
const weekdays: [number, [number, number][]][] = [1, 2, 3, 4, 5].map((d) => [d, [[9 * H, 17 * H]]]);
/** "4 h somewhere in Tue–Thu mornings": Tuesday to Thursday, 08:00–12:00 local. */
const tueToThuMornings: MarketingWindow = { userId: 1, weekdays: [2, 3, 4], startMinute: 8 * H, endMinute: 12 * H };

// Frozen clock: Monday 7 Dec 2026, 07:00 in Chicago (before the working day), the week of Mon 7 – Sun 13 Dec.
const input = (owed: number, extra: Partial<ReserveInput> = {}): ReserveInput => ({
  now: at('2026-12-07', 7),
  zone,
  people: [{ id: 1, hours: weekdays }],
  owed: [{ userId: 1, monday: '2026-12-07', minutes: owed }],
  rules: [],
  exceptions: [],
  busy: [],
  ...extra,
});

/** The kept spans as local wall-clock intervals, in order: what a person reads on the grid. */
const kept = (i: ReserveInput) =>
  marketingReserve(i).flatMap((r) => r.spans.map(([a, b]) => `${wallClock(a, zone).replace('T', ' ')}–${wallClock(b, zone).slice(11)}`));

describe('flexible marketing window: the reserve keeps owed time inside it first', () => {
  it('without a window it keeps the latest free time of the week, as before', () => {
    // 8 h owed, nothing booked: Friday 09:00–17:00, the week's last working day.
    expect(kept(input(8 * H))).toEqual(['2026-12-11 09:00–17:00']);
  });

  it('keeps 8 h owed inside Tue–Thu mornings, latest first, so Tuesday 09:00 stays bookable', () => {
    // The window meets working hours (09:00–17:00) on Tue, Wed and Thu at 09:00–12:00: 3 × 3 h = 9 h free inside it.
    // Latest first: Thursday 09–12 (3 h), Wednesday 09–12 (3 h, 6 h held), then the last 2 h of Tuesday's morning,
    // 10:00–12:00. Tuesday 09:00–10:00 and the whole of Monday and Friday stay bookable.
    expect(kept(input(8 * H, { windows: [tueToThuMornings] }))).toEqual([
      '2026-12-08 10:00–12:00',
      '2026-12-09 09:00–12:00',
      '2026-12-10 09:00–12:00',
    ]);
  });

  it('takes what the window cannot hold from the rest of the week, latest first', () => {
    // 12 h owed: the window holds 9 h (all three mornings); the other 3 h come from the week's latest free time,
    // Friday 14:00–17:00.
    expect(kept(input(12 * H, { windows: [tueToThuMornings] }))).toEqual([
      '2026-12-08 09:00–12:00',
      '2026-12-09 09:00–12:00',
      '2026-12-10 09:00–12:00',
      '2026-12-11 14:00–17:00',
    ]);
  });

  it('leaves busy time inside the window alone and counts only the free part', () => {
    // An appointment fills Wednesday 09:00–11:00: the window's free time is 3 + 1 + 3 = 7 h. 8 h owed:
    // all of it (Tue 09–12, Wed 11–12, Thu 09–12) and 1 h more from the end of the week, Friday 16:00–17:00.
    const busy = [{ userId: 1, startsAt: at('2026-12-09', 9), endsAt: at('2026-12-09', 11) }];
    expect(kept(input(8 * H, { windows: [tueToThuMornings], busy }))).toEqual([
      '2026-12-08 09:00–12:00',
      '2026-12-09 11:00–12:00',
      '2026-12-10 09:00–12:00',
      '2026-12-11 16:00–17:00',
    ]);
  });

  it('starts from now: the window time already past is not kept', () => {
    // At Thursday 10:30 the window has only Thursday 10:30–12:00 left (1.5 h); 4 h owed: that, then Friday 14:30–17:00.
    expect(kept(input(4 * H, { windows: [tueToThuMornings], now: at('2026-12-10', 10, 30) }))).toEqual([
      '2026-12-10 10:30–12:00',
      '2026-12-11 14:30–17:00',
    ]);
  });

  it('follows the wall clock across a daylight-saving change (the week of Sunday 8 March 2026, 167 hours)', () => {
    // Chicago springs forward on Sunday 8 March 2026 at 02:00. Ana works every day 08:00–17:00 and wants her
    // marketing on weekend mornings, Sat–Sun 08:00–12:00. 6 h owed: Sunday 08:00–12:00 (CDT, UTC−5: 13:00–17:00Z),
    // then Saturday 10:00–12:00 (CST, UTC−6: 16:00–18:00Z). Both 08:00s are 08:00 on the wall clock although a
    // day apart in the week they sit an hour less than 24 h apart.
    const everyDay: [number, [number, number][]][] = [1, 2, 3, 4, 5, 6, 7].map((d) => [d, [[8 * H, 17 * H]]]);
    const window: MarketingWindow = { userId: 1, weekdays: [6, 7], startMinute: 8 * H, endMinute: 12 * H };
    const i = input(6 * H, {
      now: at('2026-03-02', 7),
      people: [{ id: 1, hours: everyDay }],
      owed: [{ userId: 1, monday: '2026-03-02', minutes: 6 * H }],
      windows: [window],
    });
    const spans = marketingReserve(i).flatMap((r) => r.spans.map(([a, b]) => [new Date(a).toISOString(), new Date(b).toISOString()]));
    expect(spans).toEqual([
      ['2026-03-07T16:00:00.000Z', '2026-03-07T18:00:00.000Z'],
      ['2026-03-08T13:00:00.000Z', '2026-03-08T17:00:00.000Z'],
    ]);
    expect(kept(i)).toEqual(['2026-03-07 10:00–12:00', '2026-03-08 08:00–12:00']);
  });
});

describe('the window reaches the scheduler as protected time', () => {
  /** Ten 1-hour micro requests for the week, any weekday. */
  const requests = (): PlanVisit[] =>
    Array.from({ length: 10 }, (_, i) => ({
      id: i + 1,
      clientId: 100 + i,
      clientName: `Client ${i + 1}`,
      clientTier: 'micro' as const,
      status: 'open' as const,
      durationMinutes: H,
      travelMinutes: 0,
      priority: 3,
      earliestDate: '2026-12-07',
      latestDate: '2026-12-11',
      allowedUserIds: [],
      pickedDates: [],
      detailsToConfirm: false,
      userId: null,
      startsAt: null,
      endsAt: null,
    }));

  it('books no visit inside the kept part of the window', () => {
    const reserve = marketingReserve(input(8 * H, { windows: [tueToThuMornings] }));
    const plan: AutoScheduleInput = {
      now: at('2026-12-07', 7),
      weeks: 1,
      replan: false,
      zone,
      hours: '24h',
      timeBudgetMs: 300,
      people: [{ id: 1, name: 'Ana', microCapMinutesPerWeek: null, hours: weekdays }],
      visits: requests(),
      rules: [],
      exceptions: [],
      appointments: [],
      keptForMarketing: reserve,
    };
    const preview = planAutoSchedule(plan);
    expect(preview.proposals).toHaveLength(10);
    const keptSpans = reserve.flatMap((r) => r.spans);
    for (const p of preview.proposals)
      expect(
        keptSpans.some(([a, b]) => p.startsAt < b && p.endsAt > a),
        wallClock(p.startsAt, zone),
      ).toBe(false);
    expect(preview.keptForMarketing).toEqual([
      'Ana: Tue Dec 8, 10:00–12:00',
      'Ana: Wed Dec 9, 09:00–12:00',
      'Ana: Thu Dec 10, 09:00–12:00',
    ]);
  });
});
