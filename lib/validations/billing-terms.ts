import { z } from 'zod';
import { tiers, type Tier } from '@/db/schema';
import type { BillingTerms, TierTerms } from '@/lib/invoices/terms';
import { dollars, recordId, wholeNumber } from './common';

/*
 * Billing terms typed into a form: one set per tier on Settings → Billing
 * (fields named `micro.incrementMinutes`…), one on a client's page. Every
 * field is required, so a blank is an error next to it, never a silent zero.
 */

export const TERMS_FIELDS = ['incrementMinutes', 'minimumMinutes', 'tripFeeCents', 'paymentTermsDays'] as const;

const termsShape = {
  incrementMinutes: wholeNumber('the billing increment', 1, 240),
  minimumMinutes: wholeNumber('the minimum charge', 0, 480),
  tripFeeCents: dollars('the trip fee', 0, 100_000),
  paymentTermsDays: wholeNumber('the payment terms', 0, 365),
};

export const fieldName = (tier: Tier, field: (typeof TERMS_FIELDS)[number]) => `${tier}.${field}`;

/** The four tiers' terms; an error names its field (`micro.minimumMinutes`) so it is shown next to it. */
export const tierTermsSchema = z
  .object(Object.fromEntries(tiers.flatMap((tier) => TERMS_FIELDS.map((f) => [fieldName(tier, f), termsShape[f]]))))
  .strict()
  .transform((flat): TierTerms => {
    const v = flat as Record<string, number>;
    const one = (tier: Tier) => Object.fromEntries(TERMS_FIELDS.map((f) => [f, v[fieldName(tier, f)]])) as BillingTerms;
    return { micro: one('micro'), emerging: one('emerging'), sweet_spot: one('sweet_spot'), large: one('large') };
  });

const reason = z
  .string({ error: 'Say why this client has its own terms.' })
  .trim()
  .min(1, 'Say why this client has its own terms.')
  .max(500, 'Use at most 500 characters.');

/** A client's own terms (with a reason), or `useTier` to return it to its tier's. */
export const clientTermsSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('tier'), clientId: recordId('a client') }).strict(),
  z.object({ mode: z.literal('own'), clientId: recordId('a client'), reason, ...termsShape }).strict(),
]);
export type ClientTermsForm = z.infer<typeof clientTermsSchema>;
