import { MINUTES_PER_DAY, MINUTES_PER_HOUR } from './units';

/**
 * How long something took, as people type it into a timesheet: "1.5" or "1,5"
 * (hours, either decimal mark), "1:30", "1h30", "1 h 30 m", "90m", "90 min".
 * A bare whole number above BARE_HOURS_MAX is minutes ("90" is an hour and a
 * half, not 90 hours: one entry is at most a day), up to it hours ("8").
 * One parser for every duration field, so they all accept the same things.
 */
export const BARE_HOURS_MAX = 12;

export const DURATION_HINT = 'Hours like 1.5, 1,5, 1:30 or 1h30; minutes like 45m or 90.';
const GARBAGE = `Enter how long, like 1.5, 1:30, 1h30 or 45m (${DURATION_HINT.replace(/\.$/, '')}).`;

export type DurationResult = { ok: true; minutes: number } | { ok: false; message: string };

const decimal = (s: string) => Number(s.replace(',', '.'));
const HOURS_WORD = '(?:h|hrs?|hours?)';
const MINUTES_WORD = '(?:m|mins?|minutes?)';

function minutesOf(text: string): number | null {
  const s = text.trim().toLowerCase();
  let m = /^(\d{1,2}):([0-5]\d)$/.exec(s);
  if (m) return Number(m[1]) * MINUTES_PER_HOUR + Number(m[2]);
  m = new RegExp(`^(\\d+(?:[.,]\\d+)?)\\s*${HOURS_WORD}(?:\\s*(\\d{1,2})\\s*${MINUTES_WORD}?)?$`).exec(s);
  if (m) return decimal(m[1]!) * MINUTES_PER_HOUR + (m[2] ? Number(m[2]) : 0);
  m = new RegExp(`^(\\d+)\\s*${MINUTES_WORD}$`).exec(s);
  if (m) return Number(m[1]);
  m = /^(\d+)$/.exec(s);
  if (m) return Number(m[1]) > BARE_HOURS_MAX ? Number(m[1]) : Number(m[1]) * MINUTES_PER_HOUR;
  m = /^(\d*[.,]\d+)$/.exec(s);
  if (m) return decimal(m[1]!) * MINUTES_PER_HOUR;
  return null;
}

/** Whole minutes from what was typed, or the message to show next to the field. */
export function parseDuration(text: string): DurationResult {
  if (!text.trim()) return { ok: false, message: `Enter how long. ${DURATION_HINT}` };
  const raw = minutesOf(text);
  if (raw === null || !Number.isFinite(raw)) return { ok: false, message: GARBAGE };
  const minutes = Math.round(raw);
  if (minutes < 1) return { ok: false, message: 'The time must be at least a minute.' };
  if (minutes > MINUTES_PER_DAY) return { ok: false, message: 'The time must be at most 24 hours.' };
  return { ok: true, minutes };
}
