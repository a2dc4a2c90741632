import { dayLabel, timeSpan, type TimeStyle } from '@/lib/time/format';
import type { LocalDate } from '@/lib/time/zoned';

/**
 * What the schedule says after a change to a protected marketing block, written like every other date and time a
 * person reads: "Mon Dec 7" (the year when it is not this one) and the firm's 12/24-hour clock. Apart from the
 * actions so the wording can be tested without a request.
 */
export const blockMessages = {
  added: (text: string, start: number, end: number, style: TimeStyle) =>
    `Protected block added: ${text}, ${timeSpan(start, end, style.hours)}.`,
  skipped: (date: LocalDate, style: TimeStyle) => `Skipped the occurrence of ${dayLabel(date, style)}; the reason is in the audit log.`,
  unskipped: (date: LocalDate, style: TimeStyle) => `The occurrence of ${dayLabel(date, style)} protects its time again.`,
  moved: (date: LocalDate, toDate: LocalDate | null, start: number, end: number, style: TimeStyle) => {
    const where = toDate && toDate !== date ? ` to ${dayLabel(toDate, style)},` : ' to';
    return `Moved the occurrence of ${dayLabel(date, style)}${where} ${timeSpan(start, end, style.hours)}.`;
  },
  ended: (lastDate: LocalDate, style: TimeStyle) => `The block now ends on ${dayLabel(lastDate, style)}.`,
};
