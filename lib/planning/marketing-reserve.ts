import type { Instance } from '@/lib/scheduler';
import { expandBlocks, dayOff, type BlockException, type BlockRule, type DaysOff } from '@/lib/time/recurrence';
import { addDays, localToInstant, mondayOf, wallClock, weekOf, type LocalDate } from '@/lib/time/zoned';
import { MINUTE_MS } from '@/lib/time/units';
import { freeSpans, spanMinutes, workingSpans, type Span } from './marketing-budget';

/**
 * Flexible protection, before the scheduler runs: for each person and week,
 * the owed marketing minutes the fixed blocks do not cover are taken out of
 * the free time as protected blocks of the instance, latest first (Friday
 * afternoon before Monday morning, so the week's early slots stay bookable).
 * The engine then cannot place a visit there, and every plan it makes leaves
 * the week's allotment reachable — the same rule the placement check applies
 * to each booking (lib/planning/marketing-budget.ts). The contract is
 * unchanged: these are ordinary protected blocks.
 */

export type OwedMarketing = { userId: number; monday: LocalDate; minutes: number };

export type ReserveInput = {
  now: number;
  zone: string;
  people: { id: number; hours: [number, [number, number][]][] }[];
  owed: readonly OwedMarketing[];
  rules: BlockRule[];
  exceptions: BlockException[];
  daysOff?: DaysOff;
  /** Appointments and booked visits (with travel) that stay where they are. */
  busy: { userId: number; startsAt: number; endsAt: number }[];
};

/** Free spans of one person's week, latest first, taken until `need` minutes are held. */
function takeFromEnd(free: Span[], need: number): Span[] {
  const out: Span[] = [];
  let left = need * MINUTE_MS;
  for (let i = free.length - 1; i >= 0 && left > 0; i--) {
    const [a, b] = free[i]!;
    const start = Math.max(a, b - left);
    out.push([start, b]);
    left -= b - start;
  }
  return out.reverse();
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
    const spans = takeFromEnd(freeSpans(working, [...busy, ...blocks], from, week.end), need);
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
