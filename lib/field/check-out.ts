import { minuteOfDay, clockLabel, type ZoneClock } from '@/lib/time/clock';
import { MINUTE_MS } from '@/lib/time/units';

/**
 * The rules of the check-out form, apart from its markup so they can be tested with a frozen clock.
 * "Finished at" is typed on the firm's clock (the phone may be set to another zone).
 */

/**
 * The instant a check-out ends. Untouched (`typed` null), it is the moment of the tap to the millisecond,
 * not the minute shown. A typed time is today on the firm's clock: step back from now by the difference.
 * A time after now is not clamped to now: it is refused at submit, so a mistyped end is never replaced silently.
 */
export function checkOutEnd(clock: ZoneClock, now: number, typed: string | null): number {
  if (typed === null) return now;
  const [h, m] = typed.split(':').map(Number);
  const typedMinute = (h ?? 0) * 60 + (m ?? 0);
  return now - (minuteOfDay(clock, now) - typedMinute) * MINUTE_MS - (now % MINUTE_MS);
}

/** Proposed billable time: the time on site, rounded up to the firm's billing increment (at least one increment). */
export function proposedMinutes(checkedInAt: number, endAt: number, increment: number): number {
  return Math.max(increment, Math.ceil((endAt - checkedInAt) / MINUTE_MS / increment) * increment);
}

export type CheckOutInput = { summary: string; minutes: string; endAt: number; tappedAt: number; checkedInAt: number };
export type CheckOutErrors = Partial<Record<'summary' | 'minutes' | 'end', string>>;

/** What is wrong with a check-out, field by field (empty when it can be saved); times as the firm writes them. */
export function checkOutErrors(clock: ZoneClock, input: CheckOutInput): CheckOutErrors {
  const errs: CheckOutErrors = {};
  if (!input.summary.trim()) errs.summary = 'Write a short summary of the work.';
  if (!/^\d+$/.test(input.minutes) || Number(input.minutes) > 1440) errs.minutes = 'Enter billable minutes as a whole number up to 1440.';
  if (input.endAt > input.tappedAt) errs.end = `The end can’t be later than now (${clockLabel(clock, input.tappedAt)}).`;
  else if (input.endAt <= input.checkedInAt) errs.end = 'The end must be after the check-in.';
  return errs;
}
