import { timeOfDay, type HourClock } from '@/lib/time/clock';

const SHORT = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** "Tue–Thu, 08:00–12:00", "Mon, Wed, Fri, 8:00 AM–12:00 PM": a window as a person reads it (runs of 3+ days joined). */
export function windowWords(w: { weekdays: readonly number[]; startMinute: number; endMinute: number }, hours: HourClock): string {
  const days = [...w.weekdays].sort((a, b) => a - b);
  const runs: number[][] = [];
  for (const d of days) {
    const run = runs.at(-1);
    if (run && run.at(-1) === d - 1) run.push(d);
    else runs.push([d]);
  }
  const text = runs.flatMap((r) => (r.length >= 3 ? [`${SHORT[r[0]! - 1]}–${SHORT[r.at(-1)! - 1]}`] : r.map((d) => SHORT[d - 1]!)));
  return `${text.join(', ')}, ${timeOfDay(w.startMinute, hours)}–${timeOfDay(w.endMinute, hours)}`;
}
