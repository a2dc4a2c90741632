import { addDays, instantToLocal, localToInstant, weekBoundaries, type LocalDate } from '@/lib/time/zoned';
import { MINUTE_MS } from '@/lib/time/units';

/**
 * Marketing time as a budget, pure. Each person owes a weekly allotment of
 * marketing minutes (the firm's weekly target unless set otherwise); logged
 * marketing time is what pays it, and whatever a week leaves unpaid is carried
 * into the next, capped at one week's allotment, so a bad month cannot pile up
 * a debt nobody can ever pay. Weeks are the firm's local weeks, Monday 00:00
 * to Monday 00:00 (lib/time/zoned.ts: 167 or 169 hours across a DST change).
 *
 * The second half answers "would this booking leave the week's allotment
 * unreachable?": the marketing still owed this week must fit into the time
 * left that nothing else holds (working hours and fixed marketing blocks, less
 * appointments, booked visits with their travel and days off).
 */

/** Weeks of history the ledger reads: the carry-over of the oldest one starts at nothing. */
export const LEDGER_WEEKS = 12;
/** The carry-over is capped at this many weeks' allotment. */
export const CARRY_CAP_WEEKS = 1;

export type LoggedMinutes = { startedAt: number; minutes: number };

export type BudgetWeek = {
  /** Monday 00:00 of the week and of the next, in the firm's zone. */
  start: number;
  end: number;
  allotment: number;
  /** Last week's unpaid minutes brought into this one (at most CARRY_CAP_WEEKS × allotment). */
  carriedIn: number;
  /** allotment + carriedIn: what the week must pay. */
  owed: number;
  /** Marketing minutes logged in the week (so far, for the current week). */
  spent: number;
  /** owed − spent, never below 0: still to do this week (and, at the week's end, what is carried). */
  remaining: number;
};

/**
 * The ledger of the `weeksBack` weeks before the one holding `now` and of that
 * week (last), oldest first. Entries are counted in the week their start
 * falls in. A week that began before `since` (the person joined) owes
 * nothing: nobody could plan it.
 */
export function marketingLedger(args: {
  allotment: number;
  logged: readonly LoggedMinutes[];
  now: number;
  zone: string;
  weeksBack?: number;
  since?: number;
}): BudgetWeek[] {
  const { logged, now, zone, weeksBack = LEDGER_WEEKS, since = -Infinity } = args;
  const bounds = weekBoundaries(now, zone, weeksBack);
  const out: BudgetWeek[] = [];
  let carry = 0;
  for (let i = 0; i + 1 < bounds.length; i++) {
    const start = bounds[i]!;
    const end = bounds[i + 1]!;
    const allotment = start < since ? 0 : args.allotment;
    const spent = logged.filter((e) => e.startedAt >= start && e.startedAt < end).reduce((s, e) => s + e.minutes, 0);
    const owed = allotment + carry;
    const remaining = Math.max(0, owed - spent);
    out.push({ start, end, allotment, carriedIn: carry, owed, spent, remaining });
    carry = Math.min(remaining, CARRY_CAP_WEEKS * allotment);
  }
  return out;
}

// ---------------------------------------------------------------------------
// Free time and the "would leave the allotment unreachable" rule

/** A span of instants [start, end). */
export type Span = [number, number];

/** Sorted, overlapping or touching spans joined. */
export function unionSpans(spans: readonly Span[]): Span[] {
  const sorted = spans.filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  const out: Span[] = [];
  for (const [a, b] of sorted) {
    const last = out.at(-1);
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/** `spans` less everything in `minus`, clipped to [from, to). */
export function freeSpans(spans: readonly Span[], minus: readonly Span[], from: number, to: number): Span[] {
  const holes = unionSpans(minus);
  const out: Span[] = [];
  for (const [a0, b0] of unionSpans(spans)) {
    let a = Math.max(a0, from);
    const b = Math.min(b0, to);
    for (const [h0, h1] of holes) {
      if (a >= b) break;
      if (h1 <= a || h0 >= b) continue;
      if (h0 > a) out.push([a, h0]);
      a = Math.max(a, h1);
    }
    if (a < b) out.push([a, b]);
  }
  return out;
}

export function spanMinutes(spans: readonly Span[]): number {
  return Math.round(spans.reduce((s, [a, b]) => s + (b - a), 0) / MINUTE_MS);
}

/**
 * A person's working hours (minutes of the local day by ISO weekday) on the
 * local dates [from, to] as instants: 09:00 stays 09:00 on the wall clock on
 * both sides of a DST change.
 */
export function workingSpans(
  hours: ReadonlyMap<number, readonly [number, number][]>,
  from: LocalDate,
  to: LocalDate,
  zone: string,
): Span[] {
  const out: Span[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) {
    const weekday = instantToLocal(localToInstant(d, 12 * 60, zone), zone).weekday;
    for (const [s, e] of hours.get(weekday) ?? []) out.push([localToInstant(d, s, zone), localToInstant(d, e, zone)]);
  }
  return out;
}

/** What the rule reads about a person's week, from `from` (now, or the week's start) to the week's end. */
export type WeekRoom = {
  from: number;
  to: number;
  /** Working hours in the week. */
  working: readonly Span[];
  /** Fixed marketing blocks (not skipped): available for marketing even outside working hours. */
  blocks: readonly Span[];
  /** Appointments, booked visits with their travel, days off: not available. */
  busy: readonly Span[];
  /** The days off among `busy` (whole days), for the share of the week booked. */
  off?: readonly Span[];
  /** Marketing minutes still owed this week (BudgetWeek.remaining). */
  owedRemaining: number;
};

/** Minutes from `from` to the week's end that could still hold marketing. */
export function marketingRoom(room: WeekRoom, extraBusy: readonly Span[] = []): number {
  return spanMinutes(freeSpans([...room.working, ...room.blocks], [...room.busy, ...extraBusy], room.from, room.to));
}

export type BookingCost = {
  /** Minutes that could hold marketing before and after the booking. */
  roomBefore: number;
  roomAfter: number;
  /** Owed minutes the booking makes unreachable this week (0 when the rest of the week still holds them). */
  displaced: number;
  /** The booking would leave the week's owed marketing unreachable: refused unless overridden. */
  breaks: boolean;
};

/**
 * The rule: a booking whose footprint (the visit with its travel) is `footprint`
 * is refused when, after it, the room left in the week is less than the
 * marketing still owed — and the booking itself takes some of what was needed
 * (`displaced` > 0). Owed minutes that were already unreachable before it are
 * not its fault, but it may not take a minute more of them.
 */
export function bookingCost(room: WeekRoom, footprint: Span): BookingCost {
  const roomBefore = marketingRoom(room);
  const roomAfter = marketingRoom(room, [footprint]);
  const shortBefore = Math.max(0, room.owedRemaining - roomBefore);
  const shortAfter = Math.max(0, room.owedRemaining - roomAfter);
  const displaced = shortAfter - shortBefore;
  return { roomBefore, roomAfter, displaced, breaks: displaced > 0 };
}

// ---------------------------------------------------------------------------
// What the dashboard and Today read

/**
 * The micro minutes of a week that displaced marketing: as many of them as the
 * week fell short of what it owed. A week that paid its marketing displaced
 * nothing, however much micro work it held; one with no micro work blames none.
 */
export function microDisplacing(week: Pick<BudgetWeek, 'remaining'>, microMinutes: number): number {
  return Math.min(microMinutes, week.remaining);
}

/** Shares of a week's free time booked at which the person and the owner are warned, while marketing is still owed. */
export const ALERT_SHARES = [0.95, 0.8] as const;

/**
 * The alert for a week: `booked` of its `capacity` minutes (working hours less
 * days off) hold appointments and visits, and `owedRemaining` minutes of
 * marketing are still to do. Null when nothing is owed or under 80 %.
 */
export function bookedAlert(capacity: number, booked: number, owedRemaining: number): { share: number; level: 80 | 95 } | null {
  if (owedRemaining <= 0 || capacity <= 0) return null;
  const share = booked / capacity;
  const level = ALERT_SHARES.find((s) => share >= s);
  return level === undefined ? null : { share, level: level === 0.95 ? 95 : 80 };
}
