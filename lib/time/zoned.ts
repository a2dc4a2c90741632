import { DateTime, IANAZone } from 'luxon';
import { DEFAULT_HOUR_CLOCK, type HourClock, type ZoneClock } from './clock';
import { HOUR_MS, MINUTE_MS, MINUTES_PER_DAY } from './units';

/**
 * Local dates and times of the firm's zone; weekly rules are expanded in
 * ./recurrence.ts, and everything a person reads is written by ./format.ts.
 * Luxon does the zone arithmetic: a rule at 09:00 is 09:00 on the wall clock on both sides of a daylight-saving
 * change (its UTC instant moves by an hour).
 */

export type LocalDate = string; // YYYY-MM-DD

/** The instant of a local date and minute-of-day in `zone` (24:00 is the next midnight). */
export function localToInstant(date: LocalDate, minute: number, zone: string): number {
  const day = DateTime.fromISO(date, { zone });
  return day
    .plus({ days: Math.floor(minute / MINUTES_PER_DAY) })
    .set({ hour: Math.floor((minute % MINUTES_PER_DAY) / 60), minute: minute % 60 })
    .toMillis();
}

/** The local date and minute-of-day of an instant in `zone`. */
export function instantToLocal(instant: number, zone: string): { date: LocalDate; minute: number; weekday: number } {
  const dt = DateTime.fromMillis(instant, { zone });
  return { date: dt.toFormat('yyyy-LL-dd'), minute: dt.hour * 60 + dt.minute, weekday: dt.weekday };
}

/** "YYYY-MM-DDTHH:mm" on the local wall clock: the scheduler contract's time format. */
export function wallClock(instant: number, zone: string): string {
  return DateTime.fromMillis(instant, { zone }).toFormat("yyyy-LL-dd'T'HH:mm");
}

/** The instant of a contract wall-clock string in `zone`. */
export function fromWallClock(text: string, zone: string): number {
  return DateTime.fromFormat(text, "yyyy-LL-dd'T'HH:mm", { zone }).toMillis();
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return DateTime.fromISO(date, { zone: 'utc' }).plus({ days }).toFormat('yyyy-LL-dd');
}

/** Whole days from local date `a` to `b` (negative when b is earlier). */
export function daysFrom(a: LocalDate, b: LocalDate): number {
  return Math.round(DateTime.fromISO(b, { zone: 'utc' }).diff(DateTime.fromISO(a, { zone: 'utc' }), 'days').days);
}

/** ISO weekday of a local date, 1 = Monday … 7 = Sunday. */
export function weekdayOf(date: LocalDate): number {
  return DateTime.fromISO(date, { zone: 'utc' }).weekday;
}

/** The Monday of the week holding `date`. */
export function mondayOf(date: LocalDate): LocalDate {
  return addDays(date, 1 - weekdayOf(date));
}

/**
 * The local week (Monday to Sunday) holding `date`, and the instants of its
 * bounds in `zone`: [Monday 00:00, next Monday 00:00). Across a
 * daylight-saving change the week is 167 or 169 hours long, as on the wall clock.
 */
export function weekOf(date: LocalDate, zone: string): { monday: LocalDate; sunday: LocalDate; start: number; end: number } {
  const monday = mondayOf(date);
  return { monday, sunday: addDays(monday, 6), start: localToInstant(monday, 0, zone), end: localToInstant(addDays(monday, 7), 0, zone) };
}

/** The Monday of the week to plan on `date`: this week on a weekday, the week ahead on Saturday and Sunday. */
export function planningMonday(date: LocalDate): LocalDate {
  return mondayOf(weekdayOf(date) >= 6 ? addDays(date, 2) : date);
}

export function today(zone: string, now = Date.now()): LocalDate {
  return DateTime.fromMillis(now, { zone }).toFormat('yyyy-LL-dd');
}

export function isRealDate(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && DateTime.fromISO(text, { zone: 'utc' }).isValid;
}

const clocks = new Map<string, ZoneClock>();

/**
 * The offsets of `zone` in force over [from, to), for ./clock.ts. The
 * offset is probed every 6 hours (zones change at most a few times a year) and
 * a change is pinned to the minute by bisection (zones change at whole
 * minutes, some by half an hour). Pure, so kept per zone and span: the Today
 * page asks for the same day's clock on every render.
 */
export function zoneClock(zone: string, from: number, to: number, hours: HourClock = DEFAULT_HOUR_CLOCK): ZoneClock {
  const key = `${zone}|${from}|${to}|${hours}`;
  const known = clocks.get(key);
  if (known) return known;
  const tz = IANAZone.create(zone);
  const offsetAt = (t: number) => tz.offset(t);
  const offsets = [{ from, minutes: offsetAt(from) }];
  for (let t = from; t < to;) {
    const next = Math.min(t + 6 * HOUR_MS, to);
    const before = offsetAt(t);
    if (offsetAt(next) !== before) {
      // Whole minutes: offsetAt(lo) === before, offsetAt(hi) !== before.
      let lo = Math.floor(t / MINUTE_MS);
      let hi = Math.ceil(next / MINUTE_MS);
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (offsetAt(mid * MINUTE_MS) === before) lo = mid;
        else hi = mid;
      }
      if (hi * MINUTE_MS < to) offsets.push({ from: hi * MINUTE_MS, minutes: offsetAt(hi * MINUTE_MS) });
    }
    t = next;
  }
  const clock = { zone, from, to, offsets, hours };
  if (clocks.size >= 256) clocks.clear();
  clocks.set(key, clock);
  return clock;
}

/** "HH:mm" → minutes since midnight; "24:00" only when `allow24`. */
export function parseMinute(text: string, allow24 = false): number | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (allow24 && h === 24 && min === 0) return MINUTES_PER_DAY;
  if (h > 23 || min > 59) return null;
  return h * 60 + min;
}

/** The local date and minute of the present moment in `zone`. */
export function nowIn(zone: string): { date: LocalDate; minute: number; weekday: number } {
  return instantToLocal(Date.now(), zone);
}

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

export function localDate(instant: number, timeZone: string): string {
  return DateTime.fromMillis(instant, { zone: timeZone }).toFormat('yyyy-LL-dd');
}

/**
 * `localDate` for many instants in one zone (a year of time entries): the
 * zone's offset is looked up once per quarter of an hour, since zones change
 * their offset only on a quarter-hour, and the date is read from the shifted
 * instant. About twenty times faster than a Luxon DateTime per instant.
 */
export function localDates(timeZone: string): (instant: number) => LocalDate {
  const tz = IANAZone.create(timeZone);
  const offsets = new Map<number, number>();
  return (instant) => {
    const quarter = Math.floor(instant / (15 * MINUTE_MS));
    let offset = offsets.get(quarter);
    if (offset === undefined) offsets.set(quarter, (offset = tz.offset(instant)));
    return new Date(instant + offset * MINUTE_MS).toISOString().slice(0, 10);
  };
}
