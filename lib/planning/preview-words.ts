import { dayLabel, dayRangeLabel, formatHours } from '@/lib/time/format';
import type { LocalDate } from '@/lib/time/zoned';

/**
 * The auto-schedule preview in a person's words: how good the plan is against
 * the best possible one, and why each request stayed open. Pure, so the
 * wording is tested on its own; the numbers and the reasons come from the
 * engine (lib/scheduler: `solve`'s statistics and its unplaced reasons).
 */

/** The engine's figures for a preview: priority placed, of the total asked for, and its proven upper bound on the best possible. */
export type Quality = { placed: number; total: number; bound: number };

const points = (n: number) => `${n} priority point${n === 1 ? '' : 's'}`;

/**
 * How far the plan may be from the best possible, as a percentage rounded up
 * (so it is never understated): whole percents from 1 %, tenths below it.
 */
export function gapPercent(placed: number, bound: number): number {
  if (bound <= placed || bound <= 0) return 0;
  const gap = (100 * (bound - placed)) / bound;
  // The small epsilon keeps float noise (e.g. 2.0000000001) from rounding a whole percent up.
  return gap >= 1 ? Math.ceil(gap - 1e-9) : Math.ceil(gap * 10 - 1e-9) / 10;
}

/** "Placed 231 of 247 priority points; at most 2% below the best possible", or "…; the best possible" when the bound is reached. */
export function qualityLine({ placed, total, bound }: Quality): string {
  if (total === 0) return 'No open requests to place.';
  const head = `Placed ${placed} of ${points(total)}`;
  if (placed >= bound) return `${head}; the best possible.`;
  return `${head}; at most ${gapPercent(placed, bound)}% below the best possible.`;
}

/** The engine's reasons for an unplaced visit, by what a person can do about each. */
export type UnplacedKind = 'too-long' | 'not-working' | 'no-gap' | 'cap' | 'taken';

/**
 * The engine's reason (lib/scheduler: prepare.ts and result.ts) sorted into a
 * kind; null for a reason this does not know (then the engine's own words are
 * shown). The engine speaks contract v1, whose reasons are free text: the
 * unit tests run the real engine to each reason, so a change of its wording
 * fails them instead of silently falling back.
 */
export function unplacedKind(reason: string): UnplacedKind | null {
  if (/\bcap\b/i.test(reason)) return 'cap';
  if (/longer than any working-hours interval/i.test(reason)) return 'too-long';
  if (/fits its windows inside working hours/i.test(reason)) return 'not-working';
  if (/no free slot/i.test(reason)) return 'no-gap';
  if (/higher or equal priority/i.test(reason)) return 'taken';
  return null;
}

/** What the words need to know about the visit: its window (already inside the horizon), its people and its length. */
export type UnplacedContext = {
  /** The days it may be booked: its window inside the horizon, [from, to]. */
  from: LocalDate;
  to: LocalDate;
  /** The only days it may go, when its client picked days (inside [from, to]); empty: any day of the window. */
  pickedDates: LocalDate[];
  /** The names of the consultants it may go to, and whether the request named them (false: anyone with hours). */
  consultants: string[];
  restricted: boolean;
  durationMinutes: number;
  travelMinutes: number;
  /** The year dates are read against (the current one): other years are written out. */
  thisYear: number;
};

/** "Marcus", "Marcus and Priya", "Marcus, Priya and Ana". */
export function nameList(names: string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** "(Tue Dec 8 – Thu Dec 10)", or the picked days "(Tue Dec 8, Thu Dec 10)". */
function daysLabel(c: UnplacedContext): string {
  const year = { thisYear: c.thisYear };
  if (!c.pickedDates.length) return `(${dayRangeLabel(c.from, c.to, year)})`;
  return `(${[...c.pickedDates]
    .sort()
    .map((d) => dayLabel(d, year))
    .join(', ')})`;
}

/** "its window (Tue Dec 8 – Thu Dec 10)", or "the days its client picked (Tue Dec 8, Thu Dec 10)". */
const whereLabel = (c: UnplacedContext) => `${c.pickedDates.length ? 'the days its client picked' : 'its window'} ${daysLabel(c)}`;

/** Who does not work those days: the only allowed consultant, the allowed ones, or nobody with working hours then. */
function notWorking(c: UnplacedContext): string {
  const days = daysLabel(c);
  if (!c.restricted) return `nobody works those days ${days}`;
  if (c.consultants.length === 1) return `${c.consultants[0]}, the only allowed consultant, does not work those days ${days}`;
  return `none of its allowed consultants (${nameList(c.consultants)}) works those days ${days}`;
}

/** The weekly micro cap of whoever it may go to. */
function capReached(c: UnplacedContext): string {
  if (c.consultants.length === 1) return `${c.consultants[0]}’s weekly micro cap is reached in every week it could go`;
  return `the weekly micro caps of ${c.restricted ? nameList(c.consultants) : 'everyone'} are reached in every week it could go`;
}

/** The firm's words for why a visit stayed open, from the engine's reason; the engine's own words when the reason is not one this knows. */
export function explainUnplaced(reason: string, c: UnplacedContext): string {
  const footprint = c.durationMinutes + 2 * c.travelMinutes;
  const needs = c.travelMinutes ? `${formatHours(footprint)} with travel` : formatHours(footprint);
  switch (unplacedKind(reason)) {
    case 'too-long':
      return `longer than any free gap: it needs ${needs}, more than any stretch of working hours of ${c.restricted ? nameList(c.consultants) : 'anyone'}`;
    case 'not-working':
      return notWorking(c);
    case 'no-gap':
      return `longer than any free gap in ${whereLabel(c)}: marketing blocks, appointments and booked visits leave no ${needs}`;
    case 'cap':
      return capReached(c);
    case 'taken':
      return `no room in ${whereLabel(c)}: the free time went to requests of higher or equal priority — widen the window or allow more consultants`;
    default:
      return reason;
  }
}
