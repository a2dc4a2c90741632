import { MINUTE_MS, MINUTES_PER_DAY } from './units';

/**
 * A firm's wall clock for a few days, as the UTC offsets in force, so a page
 * in the browser can show times of the firm's zone with arithmetic. The
 * alternative, a zoned Intl.DateTimeFormat, loads the time-zone data the
 * first time one is made: 25–70 ms of main thread on the test machine, on the
 * Today page's first render on a phone. The server builds the clock
 * (`zoneClock` in ./zoned.ts); an instant outside its span
 * falls back to Intl, so a page left open for days still shows the truth.
 */
export type ZoneClock = {
  zone: string;
  /** The span covered: [from, to). */
  from: number;
  to: number;
  /** Offsets in force from each instant on, oldest first; the first starts at `from`. */
  offsets: { from: number; minutes: number }[];
  /** How the firm writes times of day (`clockLabel`). */
  hours: HourClock;
};

const fallback = new Map<string, Intl.DateTimeFormat>();

/** Minutes since local midnight of an instant on the clock's wall clock. */
export function minuteOfDay(clock: ZoneClock, t: number): number {
  if (t >= clock.from && t < clock.to) {
    let minutes = clock.offsets[0]?.minutes ?? 0;
    for (const o of clock.offsets) if (o.from <= t) minutes = o.minutes;
    const local = Math.floor(t / MINUTE_MS) + minutes;
    return ((local % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY;
  }
  let f = fallback.get(clock.zone);
  if (!f)
    fallback.set(
      clock.zone,
      (f = new Intl.DateTimeFormat('en-US', { timeZone: clock.zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })),
    );
  const parts = f.formatToParts(t);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return get('hour') * 60 + get('minute');
}

/**
 * How a firm writes times of day: "14:05" or "2:05 PM" (Settings → Firm).
 * Every time a person reads goes through `timeOfDay` with the firm's choice;
 * `formatMinute` is only for values a form field or a record holds.
 */
export const hourClocks = ['24h', '12h'] as const;
export type HourClock = (typeof hourClocks)[number];
export const DEFAULT_HOUR_CLOCK: HourClock = '24h';

/** "HH:mm" of an instant on the clock's wall clock: the value of a time field. */
export function clockTime(clock: ZoneClock, t: number): string {
  return formatMinute(minuteOfDay(clock, t));
}

/** An instant's time of day on the clock's wall clock, as the firm writes it: "14:05" or "2:05 PM". */
export function clockLabel(clock: ZoneClock, t: number): string {
  return timeOfDay(minuteOfDay(clock, t), clock.hours);
}

/** Minutes since midnight → "HH:mm" (1440 is "24:00", the end of a day): form values and records, not text. */
export function formatMinute(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

const meridiem = (minute: number) => (Math.floor(minute / 60) % 24 < 12 ? 'AM' : 'PM');
const twelve = (minute: number) => `${((Math.floor(minute / 60) + 11) % 12) + 1}:${String(minute % 60).padStart(2, '0')}`;

/** Minutes since midnight as a person reads them: "08:15" / "8:15 AM"; the end of a day (1440) is "24:00" / "12:00 AM". */
export function timeOfDay(minute: number, hours: HourClock): string {
  return hours === '12h' ? `${twelve(minute)} ${meridiem(minute)}` : formatMinute(minute);
}

/** "08:00–11:00", "8:00–11:00 AM" (one AM/PM when both ends share it) or "11:00 AM–1:00 PM". */
export function timeSpan(from: number, to: number, hours: HourClock): string {
  if (hours === '24h') return `${formatMinute(from)}–${formatMinute(to)}`;
  return meridiem(from) === meridiem(to) && to - from < 720
    ? `${twelve(from)}–${twelve(to)} ${meridiem(to)}`
    : `${timeOfDay(from, hours)}–${timeOfDay(to, hours)}`;
}

/**
 * A time of day typed into a form field, whichever clock the person writes: "14:30", "9:05", "2:30 pm", "2:30PM",
 * "2 pm" → minutes since midnight; null for anything else ("13:00 pm", "25:00", "noonish"). With `endOfDay`, "24:00"
 * and "12:00 AM" are the end of the day (1440), as `timeOfDay` writes it.
 */
export function parseTimeOfDay(text: string, endOfDay = false): number | null {
  const m = /^(\d{1,2})(?::(\d{2}))?\s*(?:([ap])\.?\s*m\.?)?$/i.exec(text.trim());
  if (!m || (m[2] === undefined && !m[3])) return null;
  const h = Number(m[1]);
  const min = Number(m[2] ?? 0);
  if (min > 59) return null;
  if (m[3]) {
    if (h < 1 || h > 12) return null;
    const minute = ((h % 12) + (m[3].toLowerCase() === 'p' ? 12 : 0)) * 60 + min;
    return endOfDay && minute === 0 ? MINUTES_PER_DAY : minute;
  }
  if (endOfDay && h === 24 && min === 0) return MINUTES_PER_DAY;
  return h > 23 ? null : h * 60 + min;
}
