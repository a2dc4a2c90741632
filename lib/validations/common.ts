import { z } from 'zod';

export const timeZones: readonly string[] = (() => {
  const zones = new Set(Intl.supportedValuesOf('timeZone'));
  zones.add('UTC');
  return [...zones].sort();
})();

export const email = z
  .string({ error: 'Enter an email address.' })
  .trim()
  .toLowerCase()
  .min(1, 'Enter an email address.')
  .max(254, 'That email address is too long.')
  .pipe(z.email({ error: 'Enter a valid email address, like name@example.com.' }));

export const newPassword = z
  .string({ error: 'Enter a password.' })
  .min(8, 'Use at least 8 characters.')
  .max(200, 'Use at most 200 characters.');

/**
 * Line breaks and other control characters (and Unicode's line and paragraph
 * separators). Names go into mail: a sign-up's firm and person name into the
 * confirmation sent to the address typed in, an owner's into an invitation's
 * subject and text, where a line break would lay out text of the sender's own.
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const oneLine = (s: string) => !CONTROL.test(s);
const ONE_LINE = 'Use one line of text, without line breaks or control characters.';

export const personName = z
  .string({ error: 'Enter a name.' })
  .trim()
  .min(1, 'Enter a name.')
  .max(100, 'Use at most 100 characters.')
  .refine(oneLine, ONE_LINE);

export const firmName = z
  .string({ error: 'Enter the firm name.' })
  .trim()
  .min(1, 'Enter the firm name.')
  .max(120, 'Use at most 120 characters.')
  .refine(oneLine, ONE_LINE);

export const timeZone = z
  .string({ error: 'Choose a time zone.' })
  .refine((tz) => timeZones.includes(tz), 'Choose a time zone from the list.');

/** An integer typed into a form field; blank is "required", not zero. */
export function wholeNumber(label: string, min: number, max: number) {
  return z
    .string({ error: `Enter ${label}.` })
    .trim()
    .min(1, `Enter ${label}.`)
    .regex(/^-?\d+$/, `Enter ${label} as a whole number.`)
    .transform(Number)
    .pipe(
      z
        .number()
        .min(min, `${capitalise(label)} must be at least ${min}.`)
        .max(max, `${capitalise(label)} must be at most ${max}.`),
    );
}

/** Dollars typed into a form field ("5,000" or "99.50"), returned as integer cents. */
export function dollars(label: string, minCents: number, maxCents: number) {
  return z
    .string({ error: `Enter ${label}.` })
    .trim()
    .transform((s) => s.replace(/[$,\s]/g, ''))
    .pipe(
      z
        .string()
        .min(1, `Enter ${label}.`)
        .regex(/^\d+(\.\d{1,2})?$/, `Enter ${label} in dollars, like 100 or 99.50.`),
    )
    .transform((s) => Math.round(Number(s) * 100))
    .pipe(
      z
        .number()
        .min(minCents, `${capitalise(label)} must be at least $${minCents / 100}.`)
        .max(maxCents, `${capitalise(label)} must be at most $${(maxCents / 100).toLocaleString('en-US')}.`),
    );
}

/** Hours typed into a form field ("8" or "7.5"), returned as whole minutes. */
export function hours(label: string, maxHours: number) {
  return z
    .string({ error: `Enter ${label}.` })
    .trim()
    .min(1, `Enter ${label}.`)
    .regex(/^\d+(\.\d{1,2})?$/, `Enter ${label} in hours, like 8 or 7.5.`)
    .transform((s) => Math.round(Number(s) * 60))
    .pipe(z.number().max(maxHours * 60, `${capitalise(label)} must be at most ${maxHours} hours.`));
}

// An unchecked box sends no field at all, so the key must be optional.
export const checkbox = z
  .enum(['on', 'true', '1', ''], { error: 'Tick the box or leave it empty.' })
  .optional()
  .transform((v) => v === 'on' || v === 'true' || v === '1');

/** A form field that may be left blank (undefined); anything typed is checked by `schema`, keeping its messages. */
export function blankable<T>(schema: z.ZodType<T, string>) {
  return z
    .string()
    .optional()
    .transform((v, ctx): T | undefined => {
      if (v === undefined || v.trim() === '') return undefined;
      const result = schema.safeParse(v);
      if (result.success) return result.data;
      for (const issue of result.error.issues) ctx.addIssue({ code: 'custom', message: issue.message });
      return z.NEVER;
    });
}

function capitalise(s: string) {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The id of a record picked in a form (a select or a hidden field). */
export const recordId = (label: string) =>
  z.coerce
    .number({ error: `Choose ${label}.` })
    .int(`Choose ${label}.`)
    .positive(`Choose ${label}.`);

/** A number typed with up to three decimals ("2", "2.5", "8.875"), returned in thousandths. */
export function thousandths(label: string, max: number) {
  return z
    .string({ error: `Enter ${label}.` })
    .trim()
    .min(1, `Enter ${label}.`)
    .regex(/^\d+(\.\d{1,3})?$/, `Enter ${label} as a number with at most three decimals, like 2 or 8.875.`)
    .transform((s) => Math.round(Number(s) * 1000))
    .pipe(z.number().max(max * 1000, `${capitalise(label)} must be at most ${max}.`));
}
