import { DateTime, IANAZone } from 'luxon';
import { formatMinute, type ZoneClock } from '@/lib/zone-clock';

/**
 * Local dates and times of the firm's zone, and the expansion of weekly
 * marketing rules into dated occurrences. Luxon does the zone arithmetic: a
 * rule at 09:00 is 09:00 on the wall clock on both sides of a daylight-saving
 * change (its UTC instant moves by an hour).
 */

export type LocalDate = string; // YYYY-MM-DD

export const MINUTES_PER_DAY = 1440;

/** The instant of a local date and minute-of-day in `zone` (24:00 is the next midnight). */
export function localToInstant(date: LocalDate, minute: number, zone: string): number {
  const day = DateTime.fromISO(date, { zone });
  return day.plus({ days: Math.floor(minute / MINUTES_PER_DAY) }).set({ hour: Math.floor((minute % MINUTES_PER_DAY) / 60), minute: minute % 60 }).toMillis();
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
 * The offsets of `zone` in force over [from, to), for lib/zone-clock.ts. The
 * offset is probed every 6 hours (zones change at most a few times a year) and
 * a change is pinned to the minute by bisection (zones change at whole
 * minutes, some by half an hour). Pure, so kept per zone and span: the Today
 * page asks for the same day's clock on every render.
 */
export function zoneClock(zone: string, from: number, to: number): ZoneClock {
  const key = `${zone}|${from}|${to}`;
  const known = clocks.get(key);
  if (known) return known;
  const tz = IANAZone.create(zone);
  const offsetAt = (t: number) => tz.offset(t);
  const offsets = [{ from, minutes: offsetAt(from) }];
  for (let t = from; t < to; ) {
    const next = Math.min(t + 6 * 3_600_000, to);
    const before = offsetAt(t);
    if (offsetAt(next) !== before) {
      // Whole minutes: offsetAt(lo) === before, offsetAt(hi) !== before.
      let lo = Math.floor(t / 60_000);
      let hi = Math.ceil(next / 60_000);
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (offsetAt(mid * 60_000) === before) lo = mid;
        else hi = mid;
      }
      if (hi * 60_000 < to) offsets.push({ from: hi * 60_000, minutes: offsetAt(hi * 60_000) });
    }
    t = next;
  }
  const clock = { zone, from, to, offsets };
  if (clocks.size >= 256) clocks.clear();
  clocks.set(key, clock);
  return clock;
}

export { formatMinute } from '@/lib/zone-clock';

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

export type BlockRule = {
  id: number;
  userId: number;
  kind: string;
  title: string;
  repeat: 'weekly' | 'once';
  weekday: number;
  startMinute: number;
  endMinute: number;
  firstDate: LocalDate;
  lastDate: LocalDate | null;
};

export type BlockException = { blockId: number; date: LocalDate; action: 'skip' | 'move'; startMinute: number | null; endMinute: number | null; reason: string };

export type Occurrence = {
  blockId: number;
  userId: number;
  kind: string;
  title: string;
  date: LocalDate;
  startMinute: number;
  endMinute: number;
  startsAt: number;
  endsAt: number;
  /** Set when this occurrence was deliberately skipped; it then protects nothing. */
  skipped: string | null;
  /** Set when this occurrence was moved; the times above are the new ones. */
  moved: string | null;
};

/** Every occurrence of the rules on the local dates [from, to] inclusive, with skips and moves applied. */
export function expandBlocks(rules: BlockRule[], exceptions: BlockException[], from: LocalDate, to: LocalDate, zone: string): Occurrence[] {
  const byKey = new Map(exceptions.map((e) => [`${e.blockId}:${e.date}`, e]));
  const out: Occurrence[] = [];
  for (const rule of rules) {
    const first = rule.firstDate > from ? rule.firstDate : from;
    const last = rule.lastDate && rule.lastDate < to ? rule.lastDate : to;
    if (first > last) continue;
    let date = first;
    if (rule.repeat === 'weekly') {
      const shift = (rule.weekday - weekdayOf(first) + 7) % 7;
      date = addDays(first, shift);
    }
    for (; date <= last; date = addDays(date, 7)) {
      if (rule.repeat === 'once' && date !== rule.firstDate) break;
      const ex = byKey.get(`${rule.id}:${date}`);
      const startMinute = ex?.action === 'move' ? ex.startMinute! : rule.startMinute;
      const endMinute = ex?.action === 'move' ? ex.endMinute! : rule.endMinute;
      out.push({
        blockId: rule.id,
        userId: rule.userId,
        kind: rule.kind,
        title: rule.title,
        date,
        startMinute,
        endMinute,
        startsAt: localToInstant(date, startMinute, zone),
        endsAt: localToInstant(date, endMinute, zone),
        skipped: ex?.action === 'skip' ? ex.reason : null,
        moved: ex?.action === 'move' ? ex.reason : null,
      });
      if (rule.repeat === 'once') break;
    }
  }
  return out.sort((a, b) => a.startsAt - b.startsAt);
}

/** The local date and minute of the present moment in `zone`. */
export function nowIn(zone: string): { date: LocalDate; minute: number; weekday: number } {
  return instantToLocal(Date.now(), zone);
}
