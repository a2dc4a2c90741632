import { REPEAT_LABELS, visitRepeats, type VisitRepeat } from '@/lib/labels';
import { z } from 'zod';
import { marketingKinds } from '@/db/schema';
import { daysFrom, isRealDate } from '@/lib/time/zoned';
import { parseTimeOfDay } from '@/lib/time/clock';
import { VISIT_MAX_MINUTES, VISIT_MIN_MINUTES } from '@/lib/visit-limits';
import { checkbox, wholeNumber } from './common';

const id = (label: string) =>
  z.coerce
    .number({ error: `Choose ${label}.` })
    .int(`Choose ${label}.`)
    .positive(`Choose ${label}.`);

export const localDate = (label: string) =>
  z
    .string({ error: `Enter ${label}.` })
    .trim()
    .min(1, `Enter ${label}.`)
    .refine(isRealDate, `Enter ${label} as a real date, YYYY-MM-DD.`);

export const optionalDate = (label: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : null))
    .refine((v) => v === null || isRealDate(v), `Enter ${label} as a real date, YYYY-MM-DD, or leave it empty.`);

/** A time of day typed on either clock ("14:30", "2:30 pm"; `allow24`: "24:00" / "12:00 AM" end the day) → minutes since midnight. */
export const clockTime = (label: string, allow24 = false) =>
  z
    .string({ error: `Enter ${label}.` })
    .trim()
    .min(1, `Enter ${label}.`)
    .transform((s, ctx) => {
      const m = parseTimeOfDay(s, allow24);
      if (m === null) {
        ctx.addIssue({ code: 'custom', message: `Enter ${label} as a time of day, like 14:30 or 2:30 PM.` });
        return z.NEVER;
      }
      return m;
    });

const reason = z
  .string({ error: 'Say why.' })
  .trim()
  .min(3, 'Say why, in a few words (it goes into the audit log).')
  .max(300, 'Use at most 300 characters.');

const notes = z.string().trim().max(2000, 'Use at most 2,000 characters.').optional().default('');

/** Working hours as one text field per weekday: "08:00-12:00, 13:00-17:00" or "8:00 AM-12:00 PM, 1 PM-5 PM" (empty = not working). */
const dayIntervals = (label: string) =>
  z
    .string()
    .trim()
    .max(200)
    .optional()
    .default('')
    .transform((text, ctx) => {
      if (!text) return [] as [number, number][];
      const out: [number, number][] = [];
      for (const part of text.split(',')) {
        const m = /^\s*([^-–]+?)\s*[-–]\s*([^-–]+?)\s*$/.exec(part);
        const s = m ? parseTimeOfDay(m[1]!) : null;
        const e = m ? parseTimeOfDay(m[2]!, true) : null;
        if (s === null || e === null) {
          ctx.addIssue({ code: 'custom', message: `${label}: write intervals like 08:00-12:00, 13:00-17:00 (or 8:00 AM-12:00 PM).` });
          return z.NEVER;
        }
        if (e <= s) {
          ctx.addIssue({ code: 'custom', message: `${label}: ${m![2]} must be after ${m![1]}.` });
          return z.NEVER;
        }
        out.push([s, e]);
      }
      out.sort((a, b) => a[0] - b[0]);
      for (let i = 1; i < out.length; i++) {
        if (out[i]![0] < out[i - 1]![1]) {
          ctx.addIssue({ code: 'custom', message: `${label}: intervals overlap.` });
          return z.NEVER;
        }
      }
      return out;
    });

export const workingHoursSchema = z
  .object({
    userId: id('a person'),
    day1: dayIntervals('Monday'),
    day2: dayIntervals('Tuesday'),
    day3: dayIntervals('Wednesday'),
    day4: dayIntervals('Thursday'),
    day5: dayIntervals('Friday'),
    day6: dayIntervals('Saturday'),
    day7: dayIntervals('Sunday'),
  })
  .strict();
export type WorkingHoursInput = z.output<typeof workingHoursSchema>;

export const microCapSchema = z
  .object({
    userId: id('a person'),
    capHours: z
      .string()
      .trim()
      .optional()
      .transform((v) => v ?? '')
      .pipe(
        z.union([
          z.literal('').transform(() => null),
          z
            .string()
            .regex(/^\d+(\.\d{1,2})?$/, 'Enter the cap in hours, like 6 or 7.5, or leave it empty for no cap.')
            .transform((s) => Math.round(Number(s) * 60))
            .pipe(z.number().max(80 * 60, 'The cap must be at most 80 hours a week.')),
        ]),
      ),
  })
  .strict();

/** A person's weekly marketing allotment in hours (empty: the firm's target), as minutes. */
export const marketingAllotmentSchema = z
  .object({
    userId: id('a person'),
    allotmentHours: z
      .string()
      .trim()
      .optional()
      .transform((v, ctx) => {
        if (!v) return null;
        if (!/^\d+(\.\d{1,2})?$/.test(v)) {
          ctx.addIssue({
            code: 'custom',
            message: 'Enter the allotment in hours from 0 to 40, like 4 or 6.5, or leave it empty for the firm’s target.',
          });
          return z.NEVER;
        }
        const minutes = Math.round(Number(v) * 60);
        if (minutes > 40 * 60) {
          ctx.addIssue({ code: 'custom', message: 'The allotment must be at most 40 hours a week.' });
          return z.NEVER;
        }
        return minutes;
      }),
  })
  .strict();

/** A whole number from an optional form field, or null when it is empty. */
const optionalCount = (message: string, min: number, max: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (!v) return null;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message });
        return z.NEVER;
      }
      return n;
    });

/**
 * A marketing block: once, every week, every N weeks (on the first date's
 * weekday) or monthly on the Nth (or last) weekday, from the first date, ending
 * on a last date or after a number of times (or never). Stored as an RFC 5545 rule.
 */
export const marketingBlockSchema = z
  .object({
    userId: id('a person'),
    kind: z.enum(marketingKinds, { error: 'Choose a kind of marketing.' }),
    title: z.string().trim().max(120, 'Use at most 120 characters.').optional().default(''),
    repeat: z.enum(['weekly', 'weeks', 'monthly', 'once'], { error: 'Choose how often it repeats.' }),
    interval: optionalCount('Enter every how many weeks, 2 to 12.', 2, 12),
    position: z.enum(['1', '2', '3', '4', '-1'], { error: 'Choose which week of the month.' }).optional(),
    weekday: z.enum(['1', '2', '3', '4', '5', '6', '7'], { error: 'Choose a weekday.' }).optional(),
    firstDate: localDate('the date'),
    lastDate: optionalDate('the last date'),
    count: optionalCount('Enter how many times, 1 to 500, or leave it empty.', 1, 500),
    start: clockTime('the start time'),
    end: clockTime('the end time', true),
  })
  .strict()
  .superRefine((v, ctx) => {
    const need = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (v.end <= v.start) need('end', 'The end must be after the start.');
    if (v.repeat !== 'once' && v.lastDate && v.lastDate < v.firstDate) need('lastDate', 'The last date must not be before the first date.');
    if (v.repeat !== 'once' && v.lastDate && v.count) need('count', 'Give a last date or a number of times, not both.');
    if (v.repeat === 'weeks' && v.interval === null) need('interval', 'Enter every how many weeks, 2 to 12.');
    if (v.repeat === 'monthly' && !v.position) need('position', 'Choose which week of the month.');
    if (v.repeat === 'monthly' && !v.weekday) need('weekday', 'Choose a weekday.');
  });
export type MarketingBlockInput = z.output<typeof marketingBlockSchema>;

export const skipOccurrenceSchema = z.object({ blockId: id('a block'), date: localDate('the date'), reason }).strict();

export const moveOccurrenceSchema = z
  .object({
    blockId: id('a block'),
    date: localDate('the date'),
    /** The date it moves to; empty or absent: the same day. */
    toDate: optionalDate('the new date'),
    start: clockTime('the new start time'),
    end: clockTime('the new end time', true),
    reason,
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.end <= v.start) ctx.addIssue({ code: 'custom', path: ['end'], message: 'The end must be after the start.' });
  });

export const endBlockSchema = z.object({ blockId: id('a block'), lastDate: localDate('the last date'), reason }).strict();

export const appointmentSchema = z
  .object({
    userId: id('a person'),
    clientId: z
      .string()
      .optional()
      .transform((v) => (v ? Number(v) : null))
      .refine((v) => v === null || (Number.isInteger(v) && v > 0), 'Choose a client from the list.'),
    title: z.string({ error: 'Enter a title.' }).trim().min(1, 'Enter a title.').max(120, 'Use at most 120 characters.'),
    date: localDate('the date'),
    start: clockTime('the start time'),
    end: clockTime('the end time', true),
    notes,
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.end <= v.start) ctx.addIssue({ code: 'custom', path: ['end'], message: 'The end must be after the start.' });
  });
export type AppointmentInput = z.output<typeof appointmentSchema>;

/** The longest window each repeat allows: one occurrence's window ends before the next one's begins. */
const REPEAT_WINDOW_DAYS: Record<VisitRepeat, number | null> = { none: null, weekly: 7, biweekly: 14, monthly: 28 };

export const visitRequestSchema = z
  .object({
    clientId: id('a client'),
    durationMinutes: wholeNumber('the duration in minutes', VISIT_MIN_MINUTES, VISIT_MAX_MINUTES),
    priority: wholeNumber('a priority from 1 to 5', 1, 5),
    earliestDate: localDate('the earliest date'),
    latestDate: localDate('the latest date'),
    travelMinutes: z
      .string()
      .trim()
      .optional()
      .transform((v) => (v ? v : null))
      .pipe(
        z.union([
          z.null(),
          z
            .string()
            .regex(/^\d+$/, 'Enter travel in whole minutes, or leave it empty for the client’s usual.')
            .transform(Number)
            .pipe(z.number().max(240, 'Travel must be at most 240 minutes.')),
        ]),
      ),
    allowed: z
      .string()
      .optional()
      .transform((v) => (v ? v.split(',').filter(Boolean).map(Number) : []))
      .refine((ids) => ids.every((n) => Number.isInteger(n) && n > 0), 'Choose consultants from the list.'),
    notes,
    repeat: z
      .enum(visitRepeats, { error: 'Choose how often it repeats from the list.' })
      .optional()
      .transform((v) => v ?? 'none'),
    repeatUntil: z
      .string()
      .trim()
      .optional()
      .transform((v) => (v ? v : null))
      .pipe(z.union([z.null(), localDate('the last date it repeats')])),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.latestDate < v.earliestDate)
      ctx.addIssue({ code: 'custom', path: ['latestDate'], message: 'The latest date must not be before the earliest date.' });
    const most = REPEAT_WINDOW_DAYS[v.repeat];
    if (most && daysFrom(v.earliestDate, v.latestDate) + 1 > most)
      ctx.addIssue({
        code: 'custom',
        path: ['latestDate'],
        message: `A visit that repeats ${REPEAT_LABELS[v.repeat].toLowerCase()} needs a window of at most ${most} days, or two would be open at once.`,
      });
    if (v.repeatUntil && v.repeatUntil < v.earliestDate)
      ctx.addIssue({ code: 'custom', path: ['repeatUntil'], message: 'The last date must not be before the earliest date.' });
  });
export type VisitRequestInput = z.output<typeof visitRequestSchema>;

export const visitRef = z.object({ visitId: id('a visit') }).strict();
export const visitSeriesRef = z.object({ seriesId: id('a recurring visit') }).strict();

/** Cancelling asks why: the reason goes into the audit log with the cancellation. */
export const cancelVisitSchema = z.object({ visitId: id('a visit'), reason }).strict();

export const unskipOccurrenceSchema = z.object({ blockId: id('a block'), date: localDate('the date') }).strict();

export const placeVisitSchema = z
  .object({
    visitId: id('a visit'),
    userId: id('a consultant'),
    date: localDate('the date'),
    start: clockTime('the start time'),
    /** Books a micro visit over the week's marketing budget: why (audited). Empty: the budget holds. */
    overrideReason: z.string().trim().max(500, 'Keep the reason under 500 characters.').optional(),
    /** A new length (the visit's bottom edge dragged on the grid), within a request's bounds; without it the visit keeps its length. */
    durationMinutes: wholeNumber('the duration in minutes', VISIT_MIN_MINUTES, VISIT_MAX_MINUTES).optional(),
  })
  .strict();

/** Moving an appointment (dragged on the grid): whose, which day, the new start; its length stays unless a new end is given. */
export const moveAppointmentSchema = z
  .object({
    appointmentId: id('an appointment'),
    userId: id('a person'),
    date: localDate('the date'),
    start: clockTime('the start time'),
    /** A new end (resizing on the grid); without it the appointment keeps its length. */
    end: clockTime('the end time', true).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.end !== undefined && v.end <= v.start)
      ctx.addIssue({ code: 'custom', path: ['end'], message: 'The end must be after the start.' });
  });

export const autoScheduleSchema = z
  .object({
    weeks: wholeNumber('the number of weeks', 1, 8),
    replan: checkbox,
  })
  .strict();

export const acceptSchema = z
  .object({
    proposals: z
      .string({ error: 'Run the auto-scheduler first.' })
      .max(200_000)
      .transform((s, ctx) => {
        try {
          return JSON.parse(s) as unknown;
        } catch {
          ctx.addIssue({ code: 'custom', message: 'The preview could not be read; run the auto-scheduler again.' });
          return z.NEVER;
        }
      })
      .pipe(
        z
          .array(
            z.object({
              visitId: z.number().int().positive(),
              userId: z.number().int().positive(),
              startsAt: z.number().int(),
              was: z.number().int().nullable(),
            }),
            { error: 'The preview could not be read; run the auto-scheduler again.' },
          )
          .min(1, 'There is nothing to accept.')
          .max(2000),
      ),
    /** The preview's job, forgotten once accepted. */
    jobId: z.uuid().optional(),
  })
  .strict();

/** A background job of the caller's firm (lib/jobs/registry.ts). */
export const jobRef = z.object({ jobId: z.uuid('That preview is no longer available.') }).strict();

export const holidaySchema = z
  .object({
    date: localDate('the date'),
    name: z.string({ error: 'Name the holiday.' }).trim().min(1, 'Name the holiday.').max(80, 'Use at most 80 characters.'),
  })
  .strict();

export const holidayRef = z.object({ holidayId: id('a holiday') }).strict();

export const timeOffSchema = z
  .object({
    userId: id('a person'),
    firstDate: localDate('the first day'),
    lastDate: localDate('the last day'),
    note: z.string().trim().max(200, 'Use at most 200 characters.').optional().default(''),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.lastDate < v.firstDate)
      ctx.addIssue({ code: 'custom', path: ['lastDate'], message: 'The last day must not be before the first.' });
  });
export type TimeOffInput = z.output<typeof timeOffSchema>;

export const timeOffRef = z.object({ timeOffId: id('a time off') }).strict();
