import { describe, expect, it } from 'vitest';
import {
  bookedAlert,
  bookingCost,
  marketingLedger,
  marketingRoom,
  microDisplacing,
  workingSpans,
  type Span,
  type WeekRoom,
} from './marketing-budget';
import { localToInstant } from '@/lib/time/zoned';
import { HOUR_MS } from '@/lib/time/units';

const zone = 'America/Chicago';
const at = (date: string, hh: number, mm = 0) => localToInstant(date, hh * 60 + mm, zone);
const H = 60;

describe('marketingLedger: owed = allotment + last week’s shortfall, capped at one allotment', () => {
  // Frozen clock: Wednesday 2026-11-25 15:00 in Chicago. Weeks: Nov 9, Nov 16, Nov 23 (this one).
  const now = at('2026-11-25', 15);

  it('carries a shortfall into the next week and caps it at one week’s allotment', () => {
    // Allotment 8 h. Week of Nov 9: nothing logged → 8 h short, carried.
    // Week of Nov 16: owes 8 + 8 = 16 h, logs 2 h → 14 h short, but the carry is capped at 8 h.
    // This week: owes 8 + 8 = 16 h, 3 h logged so far → 13 h remaining.
    const ledger = marketingLedger({
      allotment: 8 * H,
      logged: [
        { startedAt: at('2026-11-18', 9), minutes: 2 * H },
        { startedAt: at('2026-11-24', 9), minutes: 3 * H },
      ],
      now,
      zone,
      weeksBack: 2,
    });
    expect(ledger.map((w) => [w.carriedIn / H, w.owed / H, w.spent / H, w.remaining / H])).toEqual([
      [0, 8, 0, 8],
      [8, 16, 2, 14],
      [8, 16, 3, 13],
    ]);
  });

  it('carries only what is unpaid: overspending one week does not bank credit', () => {
    // Week of Nov 9: 10 h logged of 8 → nothing carried (no credit either).
    // Week of Nov 16: 5 h of 8 → 3 h carried. This week owes 8 + 3 = 11 h.
    const ledger = marketingLedger({
      allotment: 8 * H,
      logged: [
        { startedAt: at('2026-11-10', 9), minutes: 10 * H },
        { startedAt: at('2026-11-17', 9), minutes: 5 * H },
      ],
      now,
      zone,
      weeksBack: 2,
    });
    expect(ledger.map((w) => w.owed / H)).toEqual([8, 8, 11]);
    expect(ledger[2]!.remaining).toBe(11 * H);
  });

  it('owes nothing for a week that began before the person joined', () => {
    // Joined Tuesday 17 Nov: the week of Nov 9 and the week of Nov 16 owe nothing; this week owes its 8 h only.
    const ledger = marketingLedger({ allotment: 8 * H, logged: [], now, zone, weeksBack: 2, since: at('2026-11-17', 10) });
    expect(ledger.map((w) => [w.allotment / H, w.carriedIn / H, w.owed / H])).toEqual([
      [0, 0, 0],
      [0, 0, 0],
      [8, 0, 8],
    ]);
  });

  it('follows the firm’s local weeks across a DST change (spring forward, Sunday 8 March 2026)', () => {
    // The week of Mon 2 March is 167 h long. An entry at Mon 9 March 00:30 CDT (05:30 UTC) belongs to the week of
    // 9 March; counting 7 × 24 h from Mon 2 March 00:00 CST (06:00 UTC) would put that boundary at 06:00 UTC and
    // wrongly count it in the week before. The entry at Sun 8 March 23:30 CDT is still the week of 2 March.
    // Allotment 4 h: week of 2 March logs 1 h → 3 h carried; week of 9 March owes 7 h and has 2 h → 5 h remaining.
    const ledger = marketingLedger({
      allotment: 4 * H,
      logged: [
        { startedAt: at('2026-03-08', 23, 30), minutes: 1 * H },
        { startedAt: at('2026-03-09', 0, 30), minutes: 2 * H },
      ],
      now: at('2026-03-11', 12),
      zone,
      weeksBack: 1,
    });
    expect((ledger[0]!.end - ledger[0]!.start) / HOUR_MS).toBe(167);
    expect(ledger.map((w) => [w.spent / H, w.carriedIn / H, w.remaining / H])).toEqual([
      [1, 0, 3],
      [2, 3, 5],
    ]);
  });
});

describe('workingSpans', () => {
  it('keeps 09:00–17:00 on the wall clock on both sides of the DST change (autumn, Sunday 1 Nov 2026)', () => {
    // Sat 31 Oct and Sun 1 Nov, 09:00–17:00 both: 8 h each although Sunday is 25 h long.
    const hours = new Map([
      [6, [[9 * H, 17 * H]] as [number, number][]],
      [7, [[9 * H, 17 * H]] as [number, number][]],
    ]);
    const spans = workingSpans(hours, '2026-10-31', '2026-11-01', zone);
    expect(spans.map(([a, b]) => [new Date(a).toISOString(), (b - a) / HOUR_MS])).toEqual([
      ['2026-10-31T14:00:00.000Z', 8], // CDT, UTC−5
      ['2026-11-01T15:00:00.000Z', 8], // CST, UTC−6
    ]);
  });
});

describe('bookingCost: the "would leave the allotment unreachable" rule', () => {
  // A week of Mon 7 – Fri 11 Dec 2026, 09:00–17:00 each day (40 h). Frozen clock: Thursday 10 Dec 09:00, so
  // 16 h of working time are left (Thursday and Friday).
  const weekdays = new Map([1, 2, 3, 4, 5].map((d) => [d, [[9 * H, 17 * H]] as [number, number][]]));
  const room = (over: Partial<WeekRoom>): WeekRoom => ({
    from: at('2026-12-10', 9),
    to: at('2026-12-14', 0),
    working: workingSpans(weekdays, '2026-12-07', '2026-12-13', zone),
    blocks: [],
    busy: [],
    owedRemaining: 0,
    ...over,
  });
  const visit = (date: string, hh: number, hours: number): Span => [at(date, hh), at(date, hh + hours)];

  it('counts only the time from now to the week’s end, less what is busy', () => {
    // 16 h left; a 5-h appointment on Friday leaves 11 h.
    expect(marketingRoom(room({}))).toBe(16 * H);
    expect(marketingRoom(room({ busy: [visit('2026-12-11', 9, 5)] }))).toBe(11 * H);
  });

  it('accepts a booking while the rest of the week still holds what is owed', () => {
    // 6 h owed, 16 h of room; a 3-h footprint leaves 13 h ≥ 6 h: nothing displaced.
    expect(bookingCost(room({ owedRemaining: 6 * H }), visit('2026-12-10', 9, 3))).toEqual({
      roomBefore: 16 * H,
      roomAfter: 13 * H,
      displaced: 0,
      breaks: false,
    });
  });

  it('refuses the booking that leaves less room than is owed, and says how much it displaces', () => {
    // 6 h owed; Friday is fully booked (8 h busy), so 8 h are left on Thursday. A 3-h footprint on Thursday leaves
    // 5 h < 6 h: it makes 1 h of the owed marketing unreachable.
    const cost = bookingCost(room({ owedRemaining: 6 * H, busy: [visit('2026-12-11', 9, 8)] }), visit('2026-12-10', 13, 3));
    expect(cost).toEqual({ roomBefore: 8 * H, roomAfter: 5 * H, displaced: 1 * H, breaks: true });
  });

  it('counts fixed marketing blocks still ahead as room for marketing, even outside working hours', () => {
    // Friday fully busy, Thursday 09:00–17:00 free, and a Saturday 10:00–12:00 block (an expo): 10 h of room.
    // 9 h owed; a 2-h footprint on Thursday leaves 8 h < 9 h → 1 h displaced. Without the Saturday block there are
    // 8 h of room (1 h already short) and the same booking leaves 6 h: 3 h short, so it displaces 2 h.
    const base = { owedRemaining: 9 * H, busy: [visit('2026-12-11', 9, 8)] };
    const withBlock = bookingCost(room({ ...base, blocks: [visit('2026-12-12', 10, 2)] }), visit('2026-12-10', 9, 2));
    expect(withBlock).toEqual({ roomBefore: 10 * H, roomAfter: 8 * H, displaced: 1 * H, breaks: true });
    const without = bookingCost(room(base), visit('2026-12-10', 9, 2));
    expect(without).toEqual({ roomBefore: 8 * H, roomAfter: 6 * H, displaced: 2 * H, breaks: true });
  });

  it('blames a booking only for what it takes: already short, a booking outside the room displaces nothing', () => {
    // 20 h owed but only 16 h of room: 4 h were unreachable already. A footprint on Saturday (not working, no block)
    // takes no room → displaced 0, accepted. One on Thursday takes 2 h of room → 2 h displaced, refused.
    const r = room({ owedRemaining: 20 * H });
    expect(bookingCost(r, visit('2026-12-12', 9, 2)).breaks).toBe(false);
    expect(bookingCost(r, visit('2026-12-10', 9, 2))).toMatchObject({ displaced: 2 * H, breaks: true });
  });

  it('never refuses when nothing is owed', () => {
    expect(bookingCost(room({ owedRemaining: 0 }), visit('2026-12-10', 9, 8)).breaks).toBe(false);
  });

  it('counts the room on the wall clock in a DST week (Sunday 8 March 2026 is 23 h long)', () => {
    // Working Sunday 00:00–24:00 only: 23 h in that week on the wall clock. 23 h owed; a 1-h footprint breaks it.
    const sunday = new Map([[7, [[0, 24 * H]] as [number, number][]]]);
    const r: WeekRoom = {
      from: at('2026-03-02', 0),
      to: at('2026-03-09', 0),
      working: workingSpans(sunday, '2026-03-02', '2026-03-08', zone),
      blocks: [],
      busy: [],
      owedRemaining: 23 * H,
    };
    expect(marketingRoom(r)).toBe(23 * H);
    expect(bookingCost(r, [at('2026-03-08', 10), at('2026-03-08', 11)])).toMatchObject({ displaced: 1 * H, breaks: true });
  });
});

describe('microDisplacing and bookedAlert', () => {
  it('blames micro work only for the marketing a week fell short of', () => {
    // 6 h of micro work in a week that left 2 h of marketing unpaid: 2 h displaced. A paid week: none.
    expect(microDisplacing({ remaining: 2 * H }, 6 * H)).toBe(2 * H);
    expect(microDisplacing({ remaining: 0 }, 6 * H)).toBe(0);
    // 1 h of micro work in a week 5 h short: only that hour is micro's doing.
    expect(microDisplacing({ remaining: 5 * H }, 1 * H)).toBe(1 * H);
  });

  it('warns at 80 % and 95 % of the free time booked, only while marketing is owed', () => {
    // 40 h of working time: 31 h booked is 77.5 % (no alert), 32 h is 80 %, 38 h is 95 %.
    expect(bookedAlert(40 * H, 31 * H, 4 * H)).toBeNull();
    expect(bookedAlert(40 * H, 32 * H, 4 * H)).toEqual({ share: 0.8, level: 80 });
    expect(bookedAlert(40 * H, 38 * H, 4 * H)).toEqual({ share: 0.95, level: 95 });
    // Marketing paid: no alert, however full the week.
    expect(bookedAlert(40 * H, 40 * H, 0)).toBeNull();
  });
});
