import { z } from 'zod';
import { parseTimeOfDay } from '@/lib/time/clock';
import { checkbox } from './common';

/** The form's weekday boxes, `wd1` (Monday) to `wd7` (Sunday): FormData here is one string per name. */
const WEEKDAY_FIELDS = ['wd1', 'wd2', 'wd3', 'wd4', 'wd5', 'wd6', 'wd7'] as const;

const optionalTime = z.string().trim().optional().default('');

/**
 * A person's flexible marketing window: the weekdays ticked and a local time range. Nothing ticked and both
 * times empty removes it (null); anything half-filled is refused with the message on the field to fix.
 */
export const marketingWindowSchema = z
  .object({
    userId: z.coerce.number({ error: 'Choose a person.' }).int('Choose a person.').positive('Choose a person.'),
    wd1: checkbox,
    wd2: checkbox,
    wd3: checkbox,
    wd4: checkbox,
    wd5: checkbox,
    wd6: checkbox,
    wd7: checkbox,
    windowStart: optionalTime,
    windowEnd: optionalTime,
  })
  .strict()
  .transform((v, ctx) => {
    const weekdays = WEEKDAY_FIELDS.flatMap((f, i) => (v[f] ? [i + 1] : []));
    const issue = (path: string, message: string) => {
      ctx.addIssue({ code: 'custom', path: [path], message });
      return z.NEVER;
    };
    if (!weekdays.length && !v.windowStart && !v.windowEnd) return { userId: v.userId, window: null };
    if (!weekdays.length) return issue('weekdays', 'Tick at least one day, or clear both times to have no window.');
    if (!v.windowStart) return issue('windowStart', 'Enter when the window starts, like 08:00 or 8:00 AM.');
    if (!v.windowEnd) return issue('windowEnd', 'Enter when the window ends, like 12:00 or 12:00 PM.');
    const startMinute = parseTimeOfDay(v.windowStart);
    if (startMinute === null) return issue('windowStart', 'Enter the start as a time of day, like 08:00 or 8:00 AM.');
    const endMinute = parseTimeOfDay(v.windowEnd, true);
    if (endMinute === null) return issue('windowEnd', 'Enter the end as a time of day, like 12:00 or 12:00 PM.');
    if (endMinute <= startMinute) return issue('windowEnd', 'The end must be after the start (the window stays within one day).');
    if (endMinute - startMinute < 30) return issue('windowEnd', 'Make the window at least 30 minutes long.');
    return { userId: v.userId, window: { weekdays, startMinute, endMinute } };
  });
export type MarketingWindowInput = z.output<typeof marketingWindowSchema>;
