import { describe, expect, it } from 'vitest';
import { planAutoSchedule, type AutoScheduleInput, type PlanVisit } from './auto-plan';
import { marketingReserve } from './marketing-reserve';
import { marketingRoom, workingSpans, type Span } from './marketing-budget';
import { localToInstant } from '@/lib/time/zoned';
import { MINUTE_MS } from '@/lib/time/units';

const zone = 'America/Chicago';
const H = 60;
const at = (date: string, hh: number) => localToInstant(date, hh * H, zone);
const weekdays: [number, [number, number][]][] = [1, 2, 3, 4, 5].map((d) => [d, [[9 * H, 17 * H]]]);

/** Ten 4-hour micro requests for the week of Mon 7 Dec 2026: 40 h, exactly Ana's working week. */
function requests(): PlanVisit[] {
  return Array.from({ length: 10 }, (_, i) => ({
    id: i + 1,
    clientId: 100 + i,
    clientName: `Client ${i + 1}`,
    clientTier: 'micro' as const,
    status: 'open' as const,
    durationMinutes: 4 * H,
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
}

// Frozen clock: Monday 7 Dec 2026, 07:00 in Chicago, planning one week.
// The reserve is read on the request thread (lib/dal/internal/marketing-reserve.ts) and handed to the plan.
const input = (owedMinutes: number, rules: AutoScheduleInput['rules'] = []): AutoScheduleInput => ({
  now: at('2026-12-07', 7),
  weeks: 1,
  replan: false,
  zone,
  hours: '24h',
  timeBudgetMs: 300,
  people: [{ id: 1, name: 'Ana', microCapMinutesPerWeek: null, hours: weekdays }],
  visits: requests(),
  rules,
  exceptions: [],
  appointments: [],
  keptForMarketing: marketingReserve({
    now: at('2026-12-07', 7),
    zone,
    people: [{ id: 1, hours: weekdays }],
    owed: owed(owedMinutes),
    rules,
    exceptions: [],
    busy: [],
  }),
});
const owed = (minutes: number) => [{ userId: 1, monday: '2026-12-07', minutes }];

/** The room left for marketing in the week after the preview's proposals are booked. */
function roomAfter(preview: ReturnType<typeof planAutoSchedule>, blocks: Span[] = []): number {
  return marketingRoom({
    from: at('2026-12-07', 7),
    to: at('2026-12-14', 0),
    working: workingSpans(new Map(weekdays), '2026-12-07', '2026-12-13', zone),
    blocks,
    busy: preview.proposals.map((p) => [p.startsAt, p.endsAt] as Span),
    owedRemaining: 0,
  });
}

describe('flexible protection reaches the scheduler as protected time', () => {
  it('without anything owed the scheduler fills the whole week', () => {
    // 10 × 4 h = 40 h = Monday to Friday 09:00–17:00: every request placed, no room left.
    const preview = planAutoSchedule(input(0));
    expect(preview.proposals).toHaveLength(10);
    expect(roomAfter(preview)).toBe(0);
    expect(preview.keptForMarketing).toEqual([]);
  });

  it('with 8 h owed it keeps the last 8 h of the week free, so the allotment stays reachable', () => {
    // The reserve takes Friday 09:00–17:00 (latest first); the engine places 8 of the 10 requests, Monday to Thursday.
    const preview = planAutoSchedule(input(8 * H));
    expect(preview.proposals).toHaveLength(8);
    expect(roomAfter(preview)).toBe(8 * H);
    expect(preview.proposals.every((p) => p.startsAt < at('2026-12-11', 0))).toBe(true);
    expect(preview.keptForMarketing).toEqual(['Ana: Fri Dec 11, 09:00–17:00']);
  });

  it('reserves only what the fixed blocks do not cover', () => {
    // A Tuesday 09:00–12:00 block (3 h) pays part of the 8 h owed: 5 h are reserved, Friday 12:00–17:00.
    const block = {
      id: 7,
      userId: 1,
      kind: 'direct_mail',
      title: '',
      repeat: 'once' as const,
      weekday: 2,
      startMinute: 9 * H,
      endMinute: 12 * H,
      firstDate: '2026-12-08',
      lastDate: '2026-12-08',
    };
    const reserve = marketingReserve({ ...input(8 * H, [block]), people: [{ id: 1, hours: weekdays }], owed: owed(8 * H), busy: [] });
    expect(reserve.map((r) => r.spans.map(([a, b]) => [new Date(a).toISOString(), (b - a) / MINUTE_MS / H]))).toEqual([
      [['2026-12-11T18:00:00.000Z', 5]],
    ]);
    // The engine then has 40 − 3 − 5 = 32 h: eight 4-h visits in the remaining slots that fit them.
    const preview = planAutoSchedule(input(8 * H, [block]));
    expect(roomAfter(preview, [[at('2026-12-08', 9), at('2026-12-08', 12)]])).toBeGreaterThanOrEqual(8 * H);
  });
});
