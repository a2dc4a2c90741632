import { z } from 'zod';
import { clientStatuses, growthOutlooks, tiers } from '@/db/schema';
import { blankable, checkbox, dollars, wholeNumber } from './common';

const text = (label: string, max: number) =>
  z
    .string({ error: `Enter ${label}.` })
    .trim()
    .max(max, `Use at most ${max} characters for ${label}.`);
const optional = blankable;

/** The client fields as a form (or a CSV row) carries them: every value a string. */
export const clientFields = {
  name: text('the client name', 120).min(1, 'Enter the client name.'),
  contactName: text('the contact person', 120).default(''),
  email: z
    .string()
    .trim()
    .toLowerCase()
    .max(254)
    .default('')
    .refine((v) => v === '' || z.email().safeParse(v).success, 'Enter a valid email address, like name@example.com, or leave it blank.'),
  phone: text('the phone number', 40)
    .default('')
    .refine((v) => v === '' || /^[+()\d\s.\-x]{5,40}$/i.test(v), 'Enter a phone number with digits, spaces, + ( ) - or leave it blank.'),
  address: text('the address', 300).default(''),
  seats: wholeNumber('the number of seats', 0, 100_000),
  hasServer: checkbox,
  hourlyRateCents: optional(dollars('the hourly rate', 1, 1_000_000)).transform((v) => v ?? null),
  monthlyRecurringCents: optional(dollars('the monthly recurring revenue', 0, 100_000_000)).transform((v) => v ?? 0),
  growth: z.enum(growthOutlooks, { error: 'Choose shrinking, flat or growing.' }),
  expectedSeats24m: optional(wholeNumber('the expected seats in 24 months', 0, 100_000)).transform((v) => v ?? null),
  status: z.enum(clientStatuses, { error: 'Choose prospect, active, referred out or archived.' }),
  defaultTravelMinutes: optional(wholeNumber('the travel minutes', 0, 600)).transform((v) => v ?? 0),
  notes: text('notes', 5000).default(''),
  tierOverride: z
    .union([z.literal(''), z.enum(tiers)], { error: 'Choose a tier or “computed”.' })
    .optional()
    .transform((v) => (v ? v : null)),
  tierOverrideReason: z
    .string()
    .trim()
    .max(300, 'Use at most 300 characters for the reason.')
    .optional()
    .transform((v) => (v ? v : null)),
};

function requireOverrideReason(v: { tierOverride: string | null; tierOverrideReason: string | null }, ctx: z.RefinementCtx) {
  if (v.tierOverride && !v.tierOverrideReason) {
    ctx.addIssue({ code: 'custom', path: ['tierOverrideReason'], message: 'Say why this client’s tier is set by hand.' });
  }
}

export const clientSchema = z.object(clientFields).strict().superRefine(requireOverrideReason);
export type ClientInput = z.infer<typeof clientSchema>;

export const clientUpdateSchema = z
  .object({ ...clientFields, clientId: z.coerce.number().int().positive() })
  .strict()
  .superRefine(requireOverrideReason);

export const clientIdSchema = z.object({ clientId: z.coerce.number().int().positive() }).strict();

export const clientListQuery = z.object({
  q: z.string().trim().max(120).optional().catch(undefined),
  tier: z.enum(tiers).optional().catch(undefined),
  status: z
    .enum([...clientStatuses, 'all'])
    .optional()
    .catch(undefined),
  sort: z.enum(['name', 'seats', 'revenue', 'hours', 'rate']).optional().catch(undefined),
  dir: z.enum(['asc', 'desc']).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).optional().catch(undefined),
});
export type ClientListQuery = z.infer<typeof clientListQuery>;
