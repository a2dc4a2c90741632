import { DateTime } from 'luxon';
import { formatMinute } from './clock';
import { instantToLocal, type LocalDate } from './zoned';

export { clockTime, formatMinute } from './clock';

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

/** "Mon Nov 30, 09:00–10:30": a stretch of time on the wall clock of `zone`, as messages and previews name it. */
export function timeRangeLabel(zone: string, a: number, b: number): string {
  const s = instantToLocal(a, zone);
  const e = instantToLocal(b, zone);
  return `${dayLabel(s.date)}, ${formatMinute(s.minute)}–${formatMinute(e.minute)}`;
}

/** "Nov 30", or "Dec 29, 2025" for a week of another year (the dashboard's twelve weeks can reach back into it). */
export function weekLabel(start: number, timeZone: string, thisYear = currentYear()): string {
  const d = DateTime.fromMillis(start, { zone: timeZone });
  return d.toFormat(d.year === thisYear ? 'LLL d' : 'LLL d, yyyy');
}

export function formatInstant(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(ms);
}

export function formatHours(minutes: number): string {
  const h = minutes / 60;
  return `${Number.isInteger(h) ? h : h.toFixed(1)} h`;
}

export function minutesToHoursInput(minutes: number): string {
  return String(Math.round((minutes / 60) * 100) / 100);
}
