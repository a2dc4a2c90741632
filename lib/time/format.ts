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

export function dayLabel(date: LocalDate): string {
  return DateTime.fromISO(date, { zone: 'utc' }).toFormat('ccc LLL d');
}

/** "Mon Nov 30 – Tue Dec 1", or one day when both are the same: a request's window as people read it. */
export function dayRangeLabel(from: LocalDate, to: LocalDate): string {
  return from === to ? dayLabel(from) : `${dayLabel(from)} – ${dayLabel(to)}`;
}

/** "Mon Nov 30, 09:00–10:30": a stretch of time on the wall clock of `zone`, as messages and previews name it. */
export function timeRangeLabel(zone: string, a: number, b: number): string {
  const s = instantToLocal(a, zone);
  const e = instantToLocal(b, zone);
  return `${dayLabel(s.date)}, ${formatMinute(s.minute)}–${formatMinute(e.minute)}`;
}

export function weekLabel(start: number, timeZone: string): string {
  return DateTime.fromMillis(start, { zone: timeZone }).toFormat('LLL d');
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
