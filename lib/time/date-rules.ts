import { dayLabel, formatMinute } from './format';
import { addDays, instantToLocal, mondayOf, type LocalDate } from './zoned';

/**
 * How far from today a date typed into a form may lie, checked on the server
 * (the DAL) with the firm's today, so a typo ("2025" for "2026") or a stale
 * page is refused next to its field instead of saved where nobody looks.
 *
 * - Plans (appointments, visit request windows): from today up to
 *   PLAN_AHEAD_DAYS ahead. Busy time or a window in the past can never be
 *   booked, and nobody plans a visit years out.
 * - Logged time: never in the future (log work once it is done). This week
 *   and last week as they come; older, up to LOG_BACK_DAYS, only once
 *   confirmed (late timesheets happen, but a wrong year is the likelier cause);
 *   older than that, refused.
 */
export const PLAN_AHEAD_DAYS = 365;
export const LOG_BACK_DAYS = 365;

const yearOf = (date: LocalDate) => Number(date.slice(0, 4));

/** Why `date` cannot be planned on, with the allowed span in words; null when it can. */
export function planDateProblem(date: LocalDate, today: LocalDate, what: string): string | null {
  const y = yearOf(today);
  if (date < today)
    return `${what} is in the past (${dayLabel(date, { thisYear: y })}). Choose today, ${dayLabel(today, { thisYear: y })}, or a later day.`;
  const last = addDays(today, PLAN_AHEAD_DAYS);
  if (date > last)
    return `${what} is more than a year ahead (${dayLabel(date, { thisYear: y })}). Choose a day up to ${dayLabel(last, { thisYear: y })}.`;
  return null;
}

export type LogTimeProblem = { confirm: boolean; message: string };

/**
 * Why time starting at `startedAt` (on `date`, the firm's calendar) cannot be
 * logged as it stands: refused outright, or (`confirm`) logged only once the
 * person confirms that date. Null when it can.
 */
export function loggedTimeProblem(date: LocalDate, startedAt: number, now: number, zone: string): LogTimeProblem | null {
  const here = instantToLocal(now, zone);
  const y = yearOf(here.date);
  if (startedAt > now)
    return {
      confirm: false,
      message: `That is in the future (${dayLabel(date, { thisYear: y })}, ${formatMinute(instantToLocal(startedAt, zone).minute)}). Log time once it is done: it can start at the latest now, ${dayLabel(here.date, { thisYear: y })}, ${formatMinute(here.minute)}.`,
    };
  const oldest = addDays(here.date, -LOG_BACK_DAYS);
  if (date < oldest)
    return {
      confirm: false,
      message: `${dayLabel(date, { thisYear: y })} is more than a year ago. Time can be logged back to ${dayLabel(oldest, { thisYear: y })}.`,
    };
  if (date < addDays(mondayOf(here.date), -7))
    return {
      confirm: true,
      message: `${dayLabel(date, { thisYear: y })} is before last week. If that date is right, tick “Yes, ${dayLabel(date, { thisYear: y })}” and log it again.`,
    };
  return null;
}
