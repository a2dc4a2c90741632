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

/** "HH:mm" of an instant on the clock's wall clock. */
export function clockTime(clock: ZoneClock, t: number): string {
  return formatMinute(minuteOfDay(clock, t));
}

/** Minutes since midnight → "HH:mm". */
export function formatMinute(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}
