import { z } from 'zod';
import { timeCategories } from '@/db/schema';
import { clockTime, localDate } from './schedule';

const id = (label: string) =>
  z.coerce
    .number({ error: `Choose ${label}.` })
    .int(`Choose ${label}.`)
    .positive(`Choose ${label}.`);

const duration = z
  .string({ error: 'Enter how long, like 1 or 1.5 (hours) or 45m.' })
  .trim()
  .min(1, 'Enter how long, like 1 or 1.5 (hours) or 45m.')
  .transform((s, ctx) => {
    const m = /^(\d+(?:\.\d{1,2})?)\s*(h|m)?$/i.exec(s);
    if (!m) {
      ctx.addIssue({ code: 'custom', message: 'Enter how long, like 1 or 1.5 (hours) or 45m.' });
      return z.NEVER;
    }
    const minutes = m[2]?.toLowerCase() === 'm' ? Number(m[1]) : Number(m[1]) * 60;
    return Math.round(minutes);
  })
  .pipe(
    z
      .number()
      .min(1, 'The time must be at least a minute.')
      .max(24 * 60, 'The time must be at most 24 hours.'),
  );

const clientId = z
  .string()
  .optional()
  .transform((v) => (v ? Number(v) : null))
  .refine((v) => v === null || (Number.isInteger(v) && v > 0), 'Choose a client from the list.');

const fields = {
  category: z.enum(timeCategories, { error: 'Choose what kind of time this was.' }),
  clientId,
  date: localDate('the date'),
  start: clockTime('the start time'),
  duration,
  description: z.string().trim().max(500, 'Use at most 500 characters.').optional().default(''),
};

const clientRule = (v: { category: string; clientId: number | null }, ctx: z.RefinementCtx) => {
  if ((v.category === 'micro' || v.category === 'sweet_spot') && v.clientId === null)
    ctx.addIssue({ code: 'custom', path: ['clientId'], message: 'Client work needs a client.' });
};

export const timeEntrySchema = z
  .object({ userId: id('a person'), ...fields })
  .strict()
  .superRefine(clientRule);
export type TimeEntryInput = z.output<typeof timeEntrySchema>;

export const timeEntryUpdateSchema = z
  .object({ entryId: id('an entry'), ...fields })
  .strict()
  .superRefine(clientRule);
export type TimeEntryUpdate = z.output<typeof timeEntryUpdateSchema>;

export const entryRef = z.object({ entryId: id('an entry') }).strict();
export const weekRef = z.object({ userId: id('a person'), week: localDate('the week') }).strict();
