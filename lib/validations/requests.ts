import { z } from 'zod';
import { urgencies } from '@/db/schema';
import { localDate } from './schedule';

const text = (label: string, max: number) =>
  z
    .string({ error: `Enter ${label}.` })
    .trim()
    .max(max, `Use at most ${max} characters for ${label}.`);

/** The public request page's form. Every field is checked here; the page's honeypot is handled before. */
export const publicRequestSchema = z
  .object({
    name: text('your name', 120).min(1, 'Enter your name.'),
    company: text('your company', 120).default(''),
    email: z
      .string()
      .trim()
      .toLowerCase()
      .max(254, 'Use at most 254 characters for your email.')
      .default('')
      .refine((v) => v === '' || z.email().safeParse(v).success, 'Enter a valid email address, like name@example.com.'),
    phone: text('your phone number', 40)
      .default('')
      .refine((v) => v === '' || /^[+()\d\s.\-x]{5,40}$/i.test(v), 'Enter a phone number with digits, spaces, + ( ) or -.'),
    // The site, its computers and its server: without them a new client is "micro, 1 seat, no travel" until staff find out.
    address: text('the address of the site', 300).min(1, 'Enter the address where we should come.'),
    seats: z
      .string({ error: 'Enter how many computers you have.' })
      .trim()
      .min(1, 'Enter how many computers you have.')
      .regex(/^\d+$/, 'Enter the number of computers as a whole number, like 4.')
      .transform(Number)
      .pipe(z.number().min(1, 'Count at least 1 computer.').max(10_000, 'Enter at most 10000 computers; for more, please phone us.')),
    hasServer: z.enum(['yes', 'no'], { error: 'Tell us whether you have a server.' }).transform((v) => v === 'yes'),
    problem: text('what is wrong', 2000).min(1, 'Tell us briefly what is wrong.'),
    urgency: z.enum(urgencies, { error: 'Choose how urgent it is.' }),
    preferredDates: z.array(localDate('a day')).max(14, 'Pick at most 14 days.').default([]),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (!v.email && !v.phone)
      ctx.addIssue({ code: 'custom', path: ['email'], message: 'Give an email address or a phone number so we can reach you.' });
  });
export type PublicRequestInput = z.output<typeof publicRequestSchema>;

export const requestPageSwitchSchema = z.object({ on: z.enum(['on', 'off'], { message: 'Choose on or off.' }) }).strict();
export const confirmRequestSchema = z
  .object({
    requestId: z.coerce.number({ error: 'Choose a request.' }).int().positive('Choose a request.'),
    clientId: z.union(
      [z.literal('new'), z.coerce.number({ error: 'Choose a client or “new client”.' }).int().positive('Choose a client or “new client”.')],
      { error: 'Choose a client or “new client”.' },
    ),
  })
  .strict();
export const declineRequestSchema = z
  .object({ requestId: z.coerce.number({ error: 'Choose a request.' }).int().positive('Choose a request.') })
  .strict();
