import { DateTime } from 'luxon';

/**
 * Monday 00:00 (in the firm's zone) of the week holding `now` and of the
 * `weeksBack` weeks before it, oldest first, plus the following Monday as the
 * last boundary: `weeksBack + 2` instants delimiting `weeksBack + 1` weeks.
 * Luxon does the zone arithmetic, so a week containing a DST change is 167 or
 * 169 hours long, as it is on the wall clock.
 */
export function weekBoundaries(now: number, timeZone: string, weeksBack: number): number[] {
  const thisMonday = DateTime.fromMillis(now, { zone: timeZone }).startOf('week');
  const out: number[] = [];
  for (let i = weeksBack; i >= -1; i--) out.push(thisMonday.minus({ weeks: i }).toMillis());
  return out;
}

/** The same local date and time one year (or `months`) earlier, as an instant. */
export function monthsBefore(now: number, timeZone: string, months: number): number {
  return DateTime.fromMillis(now, { zone: timeZone }).minus({ months }).toMillis();
}

export function weekLabel(start: number, timeZone: string): string {
  return DateTime.fromMillis(start, { zone: timeZone }).toFormat('LLL d');
}

export function localDate(instant: number, timeZone: string): string {
  return DateTime.fromMillis(instant, { zone: timeZone }).toFormat('yyyy-LL-dd');
}
