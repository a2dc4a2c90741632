import { z } from 'zod';
import { timeCategories } from '@/db/schema';
import { DURATION_HINT, parseDuration } from '@/lib/time/duration';
import { clockTime, localDate } from './schedule';

const id = (label: string) =>
  z.coerce
    .number({ error: `Choose ${label}.` })
    .int(`Choose ${label}.`)
    .positive(`Choose ${label}.`);

const duration = z.string({ error: `Enter how long. ${DURATION_HINT}` }).transform((s, ctx) => {
  const r = parseDuration(s);
  if (r.ok) return r.minutes;
  ctx.addIssue({ code: 'custom', message: r.message });
  return z.NEVER;
});

/**
 * What the form offers: client work, marketing or admin. Which kind of client
 * work it is (micro … large) is the client's tier, looked up when the entry is
 * written, never typed: a tier's name sent by an older page counts as client work.
 */
const kind = z
  .enum(['client', ...timeCategories], { error: 'Choose what kind of time this was.' })
  .transform((c) => (c === 'marketing' || c === 'admin' ? c : 'client'));
export type TimeKind = z.output<typeof kind>;

const clientId = z
  .string()
  .optional()
  .transform((v) => (v ? Number(v) : null))
  .refine((v) => v === null || (Number.isInteger(v) && v > 0), 'Choose a client from the list.');

const fields = {
  category: kind,
  clientId,
  date: localDate('the date'),
  start: clockTime('the start time'),
  duration,
  description: z.string().trim().max(500, 'Use at most 500 characters.').optional().default(''),
  /** The date the person confirmed when asked (a date before last week); see lib/time/date-rules.ts. */
  confirmDate: z.string().trim().max(10).optional().default(''),
};

const clientRule = (v: { category: string; clientId: number | null }, ctx: z.RefinementCtx) => {
  if (v.category === 'client' && v.clientId === null)
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
