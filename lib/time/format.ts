import { DateTime } from 'luxon';
import { timeOfDay, timeSpan, type HourClock } from './clock';
import { instantToLocal, type LocalDate } from './zoned';

export { clockLabel, clockTime, DEFAULT_HOUR_CLOCK, formatMinute, hourClocks, timeOfDay, timeSpan, type HourClock } from './clock';

/**
 * Everything about time a person reads: times of day, dates, date and time
 * ranges, instants and durations in hours. Pages and messages write time only
 * through here, so one change of style reaches every screen. The times of
 * day are written in ./clock.ts and re-exported here: client components import
 * them from there, which keeps Luxon out of the phone's bundle.
 */

/**
 * The year dates are read against. A date in any other year shows its year, so
 * a window that ended last January never reads as next week. UTC's year, not
 * the firm's: the two differ only for a few hours around New Year, when the
 * worst case is a year shown that could have been left out.
 */
export const currentYear = (now = Date.now()) => new Date(now).getUTCFullYear();

/**
 * "Wed Dec 2", or "Thu Jan 1, 2026" when the date is not in `thisYear`. The year comes in an object, so
 * `dates.map(dayLabel)` (which would pass each index as the year) does not type-check.
 */
export function dayLabel(date: LocalDate, { thisYear = currentYear() }: { thisYear?: number } = {}): string {
  const d = DateTime.fromISO(date, { zone: 'utc' });
  return d.toFormat(d.year === thisYear ? 'ccc LLL d' : 'ccc LLL d, yyyy');
}

/** "Mon Nov 30 – Tue Dec 1", or one day when both are the same: a request's window as people read it. */
export function dayRangeLabel(from: LocalDate, to: LocalDate, { thisYear = currentYear() }: { thisYear?: number } = {}): string {
  return from === to ? dayLabel(from, { thisYear }) : `${dayLabel(from, { thisYear })} – ${dayLabel(to, { thisYear })}`;
}

/** How a firm writes time: its 12/24-hour clock, and the year dates are read against (the current one unless given). */
export type TimeStyle = { hours: HourClock; thisYear?: number };

/** "Mon Dec 7, 08:15" (or "Mon Dec 7, 8:15 AM"): a day and a time of day on it. */
export function dayTimeLabel(date: LocalDate, minute: number, { hours, thisYear = currentYear() }: TimeStyle): string {
  return `${dayLabel(date, { thisYear })}, ${timeOfDay(minute, hours)}`;
}

/**
 * An instant on the wall clock of `zone`, as people read it: "Mon Dec 7, 08:15"; with `withZone`, for readers
 * who may live elsewhere (a client's status page), the zone's abbreviation after it: "Mon Dec 7, 08:15 CST".
 */
export function instantLabel(ms: number, zone: string, { withZone = false, ...style }: TimeStyle & { withZone?: boolean }): string {
  const l = instantToLocal(ms, zone);
  const text = dayTimeLabel(l.date, l.minute, style);
  return withZone ? `${text} ${DateTime.fromMillis(ms, { zone }).offsetNameShort ?? zone}` : text;
}

/**
 * "Mon Nov 30, 09:00–10:30": a stretch of time on the wall clock of `zone`, as messages and previews name it.
 * A stretch that ends on a later day names both days.
 */
export function timeRangeLabel(zone: string, a: number, b: number, { hours, thisYear = currentYear() }: TimeStyle): string {
  const s = instantToLocal(a, zone);
  const e = instantToLocal(b, zone);
  if (e.date !== s.date && !(e.minute === 0 && instantToLocal(b - 1, zone).date === s.date))
    return `${dayTimeLabel(s.date, s.minute, { hours, thisYear })} – ${dayTimeLabel(e.date, e.minute, { hours, thisYear })}`;
  return `${dayLabel(s.date, { thisYear })}, ${timeSpan(s.minute, e.date === s.date ? e.minute : 1440, hours)}`;
}

/** "Nov 30", or "Dec 29, 2025" for a week of another year (the dashboard's twelve weeks can reach back into it). */
export function weekLabel(start: number, timeZone: string, thisYear = currentYear()): string {
  const d = DateTime.fromMillis(start, { zone: timeZone });
  return d.toFormat(d.year === thisYear ? 'LLL d' : 'LLL d, yyyy');
}

/**
 * The one rounding rule for an amount of hours, wherever it is shown (dashboard,
 * timesheets, client page, invoice quantities): hours to two decimals, trailing
 * zeros dropped. 45 minutes is 0.75 h, 20 minutes 0.33 h, 90 minutes 1.5 h.
 * Two decimals keep quarter hours exact, which billing increments produce.
 */
export function hoursAmount(minutes: number): number {
  return Math.round((minutes / 60) * 100) / 100;
}

/** "0.75 h", "1.5 h", "8 h": an amount of hours by the rule of `hoursAmount`. */
export function formatHours(minutes: number): string {
  return `${hoursAmount(minutes)} h`;
}

/** Hours for a form field, by the same rule: "7.5". */
export function minutesToHoursInput(minutes: number): string {
  return String(hoursAmount(minutes));
}
