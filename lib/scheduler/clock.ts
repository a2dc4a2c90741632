import { DAY_MS } from '../time/units';
/**
 * Plain wall-clock arithmetic in whole minutes since 1970-01-01 00:00 — the
 * contract's times carry no zone and no daylight saving.
 */
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;
const TIME = /^(\d{2}):(\d{2})$/;

function dayNumber(y: number, m: number, d: number): number | null {
  const ms = Date.UTC(y, m - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d) return null;
  return Math.round(ms / DAY_MS);
}

/** Days since 1970-01-01, or null for an impossible date. */
export function parseDate(s: unknown): number | null {
  const m = typeof s === 'string' ? DATE.exec(s) : null;
  return m ? dayNumber(+m[1]!, +m[2]!, +m[3]!) : null;
}

/** Minutes since 1970-01-01 00:00, or null for an impossible date or time. */
export function parseDateTime(s: unknown): number | null {
  const m = typeof s === 'string' ? DATETIME.exec(s) : null;
  if (!m) return null;
  const day = dayNumber(+m[1]!, +m[2]!, +m[3]!);
  const h = +m[4]!;
  const min = +m[5]!;
  if (day === null || h > 23 || min > 59) return null;
  return day * 1440 + h * 60 + min;
}

/** Minutes since midnight for "HH:mm"; "24:00" only where `allow24` (an interval's end). */
export function parseTime(s: unknown, allow24: boolean): number | null {
  const m = typeof s === 'string' ? TIME.exec(s) : null;
  if (!m) return null;
  const h = +m[1]!;
  const min = +m[2]!;
  if (h === 24 && min === 0 && allow24) return 1440;
  if (h > 23 || min > 59) return null;
  return h * 60 + min;
}

/** ISO weekday, 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
export function isoWeekday(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

/** An id for the ISO week (Monday to Sunday) holding this day. */
export function isoWeek(day: number): number {
  return Math.floor((day + 3) / 7);
}

export function formatDateTime(minutes: number): string {
  const day = Math.floor(minutes / 1440);
  const d = new Date(day * DAY_MS);
  const rest = minutes - day * 1440;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(Math.floor(rest / 60))}:${pad(rest % 60)}`;
}
