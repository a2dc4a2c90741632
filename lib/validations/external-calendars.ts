import { z } from 'zod';
import { calendarUrl } from '@/lib/calendar-import/safe-fetch';

/** The private iCal address of a person's other calendar: http, https or webcal (read as https). */
export const externalCalendarSchema = z
  .object({
    url: z
      .string({ error: 'Enter the calendar’s address.' })
      .trim()
      .min(1, 'Enter the calendar’s address.')
      .max(2000, 'That address is too long.')
      .refine((s) => calendarUrl(s) !== null, 'Enter a web address starting with https://, http:// or webcal://.')
      .transform((s) => calendarUrl(s)!.toString()),
  })
  .strict();

export const externalCalendarIdSchema = z.object({ id: z.coerce.number().int().positive() }).strict();
