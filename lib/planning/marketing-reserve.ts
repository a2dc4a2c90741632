import type { Instance } from '@/lib/scheduler';
import { expandBlocks, dayOff, type BlockException, type BlockRule, type DaysOff } from '@/lib/time/recurrence';
import { addDays, localToInstant, mondayOf, wallClock, weekOf, type LocalDate } from '@/lib/time/zoned';
import { MINUTE_MS } from '@/lib/time/units';
import { freeSpans, spanMinutes, unionSpans, workingSpans, type Span } from './marketing-budget';

/**
 * Flexible protection, before the scheduler runs: for each person and week,
 * the owed marketing minutes the fixed blocks do not cover are taken out of
 * the free time as protected blocks of the instance: first from inside the
 * person's flexible marketing window (e.g. Tue–Thu 08:00–12:00) when they set
 * one, then from the rest of the week; latest first in each (Thursday 11:00
 * before Tuesday 08:00, Friday afternoon before Monday morning), so the early
 * slots stay bookable as long as possible.
 * The engine then cannot place a visit there, and every plan it makes leaves
 * the week's allotment reachable — the same rule the placement check applies
 * to each booking (lib/planning/marketing-budget.ts). The contract is
 * unchanged: these are ordinary protected blocks.
 */

export type OwedMarketing = { userId: number; monday: LocalDate; minutes: number };

/** Where a person would like their flexible marketing hours: ISO weekdays (Monday = 1) and minutes of the local day [start, end). */
export type MarketingWindow = { userId: number; weekdays: readonly number[]; startMinute: number; endMinute: number };

export type ReserveInput = {
  now: number;
  zone: string;
  people: { id: number; hours: [number, [number, number][]][] }[];
  owed: readonly OwedMarketing[];
  rules: BlockRule[];
  exceptions: BlockException[];
  daysOff?: DaysOff;
  /** Flexible marketing windows: the reserve takes owed time inside a person's window first. */
  windows?: readonly MarketingWindow[];
  /** Appointments and booked visits (with travel) that stay where they are. */
  busy: { userId: number; startsAt: number; endsAt: number }[];
};

/** Free spans, latest first, taken until `need` milliseconds are held. */
function takeFromEnd(free: readonly Span[], need: number): Span[] {
  const out: Span[] = [];
  let left = need;
  for (let i = free.length - 1; i >= 0 && left > 0; i--) {
    const [a, b] = free[i]!;
    const start = Math.max(a, b - left);
    out.push([start, b]);
    left -= b - start;
  }
  return out.reverse();
}

const heldMs = (spans: readonly Span[]) => spans.reduce((s, [a, b]) => s + (b - a), 0);

/** Where two sets of spans overlap. */
function intersectSpans(x: readonly Span[], y: readonly Span[]): Span[] {
  const out: Span[] = [];
  const ys = unionSpans(y);
  for (const [a, b] of unionSpans(x))
    for (const [c, d] of ys) {
      const s = Math.max(a, c);
      const e = Math.min(b, d);
      if (e > s) out.push([s, e]);
    }
  return unionSpans(out);
}

/** The window's time on the local dates [monday, sunday] as instants: 08:00 stays 08:00 on the wall clock across a DST change. */
export function windowSpans(window: MarketingWindow, monday: LocalDate, zone: string): Span[] {
  const range: [number, number][] = [[window.startMinute, window.endMinute]];
  return workingSpans(new Map(window.weekdays.map((d) => [d, range])), monday, addDays(monday, 6), zone);
}

/**
 * `need` minutes of the free spans: inside `window` first (latest first), then the rest of the free time (latest
 * first), so a window's earliest slots and the week's earliest slots outside it stay bookable longest.
 */
export function takeWindowFirst(free: readonly Span[], window: readonly Span[], need: number): Span[] {
  const inside = takeFromEnd(intersectSpans(free, window), need * MINUTE_MS);
  const rest = takeFromEnd(freeSpans(free, inside, -Infinity, Infinity), need * MINUTE_MS - heldMs(inside));
  return unionSpans([...inside, ...rest]);
}

/** The free time kept for owed marketing: per person and week, the spans as instants. */
export type KeptForMarketing = { userId: number; monday: LocalDate; spans: Span[] }[];

/** The spans kept free for marketing per person and week, as instants. */
export function marketingReserve(input: ReserveInput): KeptForMarketing {
  const out: KeptForMarketing = [];
  for (const { userId, monday, minutes } of input.owed) {
    if (minutes <= 0) continue;
    const person = input.people.find((p) => p.id === userId);
    if (!person?.hours.length) continue;
    const week = weekOf(monday, input.zone);
    const from = Math.max(input.now, week.start);
    if (from >= week.end) continue;
    const sunday = addDays(monday, 6);
    const busy: Span[] = input.busy.filter((x) => x.userId === userId).map((x) => [x.startsAt, x.endsAt]);
    for (let d = monday; d <= sunday; d = addDays(d, 1))
      if (input.daysOff && dayOff(input.daysOff, userId, d))
        busy.push([localToInstant(d, 0, input.zone), localToInstant(addDays(d, 1), 0, input.zone)]);
    const blocks: Span[] = expandBlocks(
      input.rules.filter((r) => r.userId === userId),
      input.exceptions,
      monday,
      sunday,
      input.zone,
      input.daysOff,
    )
      .filter((o) => !o.skipped)
      .map((o) => [o.startsAt, o.endsAt]);
    const need = minutes - spanMinutes(freeSpans(blocks, busy, from, week.end));
    if (need <= 0) continue;
    const working = workingSpans(new Map(person.hours), monday, sunday, input.zone);
    const window = input.windows?.find((w) => w.userId === userId);
    const spans = takeWindowFirst(
      freeSpans(working, [...busy, ...blocks], from, week.end),
      window ? windowSpans(window, monday, input.zone) : [],
      need,
    );
    if (spans.length) out.push({ userId, monday, spans });
  }
  return out;
}

/** The Mondays of the weeks touching local dates [from, to]. */
export function mondaysOf(from: LocalDate, to: LocalDate): LocalDate[] {
  const out: LocalDate[] = [];
  for (let m = mondayOf(from); m <= to; m = addDays(m, 7)) out.push(m);
  return out;
}

/** The reserve as the instance's protected blocks, clipped to the horizon [a, b). */
export function reserveBlocks(reserve: KeptForMarketing, zone: string, a: number, b: number): Instance['protectedBlocks'] {
  const out: Instance['protectedBlocks'] = [];
  for (const { userId, monday, spans } of reserve)
    spans.forEach(([s, e], i) => {
      const cs = Math.max(s, a);
      const ce = Math.min(e, b);
      if (ce <= cs) return;
      const iv = { start: wallClock(cs, zone), end: wallClock(ce, zone) };
      if (iv.end > iv.start)
        out.push({ id: `marketing-reserve-${userId}@${monday}#${i}`, consultantId: String(userId), kind: 'marketing-reserve', ...iv });
    });
  return out;
}
