import { z } from 'zod';

const location = z
  .object({
    lat: z.number().min(-90).max(90),
    lng: z.number().min(-180).max(180),
    accuracy: z.number().min(0).max(100_000),
  })
  .strict()
  .nullable()
  .optional();

const opId = z.string().uuid('The operation id must be a UUID made by the phone.');
const at = z.number().int('The time must be a whole number of milliseconds.').positive();

/** One check-in, check-out or on-the-spot start, as the Today page sends it (now or later, from its queue). */
export const fieldOpSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('check_in'), opId, visitId: z.number().int().positive(), at, location }).strict(),
  z
    .object({
      type: z.literal('check_out'),
      opId,
      visitId: z.number().int().positive(),
      at,
      location,
      summary: z.string().trim().min(1, 'Write a short summary of the work.').max(2000, 'Use at most 2,000 characters.'),
      billableMinutes: z
        .number()
        .int('Billable minutes must be whole minutes.')
        .min(0, 'Billable minutes cannot be negative.')
        .max(24 * 60, 'Billable minutes must be at most 24 hours.'),
    })
    .strict(),
  z
    .object({
      type: z.literal('start_unplanned'),
      opId,
      clientId: z.number().int().positive(),
      at,
      location,
      notes: z.string().trim().max(2000).optional().default(''),
    })
    .strict(),
]);
export type FieldOp = z.output<typeof fieldOpSchema>;

/**
 * Why an op was not applied, for the phone to act on (it never reads the message, which is for people).
 * Recorded with the op, so a replay answers the same.
 */
export type FieldConflictCode =
  | 'visit_cancelled'
  | 'already_checked_in'
  | 'not_scheduled'
  | 'already_checked_out'
  | 'not_checked_in'
  /** One open check-in per person: check out of the other visit first. */
  | 'checked_in_elsewhere';

export type FieldOpResponse =
  | { ok: true; visitId: number; status: 'checked_in' | 'done'; at: number; entryId?: number }
  // Answers recorded by earlier releases have no code; a phone replaying one of those treats it as a plain refusal.
  | { ok: false; conflict: true; code: FieldConflictCode; visitId?: number; message: string };

/**
 * Answers of POST /api/field that are not an op's own answer. `session_ended` and `server_error` keep the op
 * queued for a retry; the others refuse it for good.
 */
export type FieldErrorCode =
  'cross_site' | 'not_json' | 'too_large' | 'invalid' | 'session_ended' | 'forbidden' | 'not_found' | 'server_error';
export type FieldErrorAnswer = { ok: false; code: FieldErrorCode; message: string };
