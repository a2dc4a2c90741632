import { z } from 'zod';
import { invoiceLineKinds, paymentMethods } from '@/db/schema';
import { dollars, hours, recordId, thousandths } from './common';
import { localDate, optionalDate } from './schedule';

const text = (label: string, max: number) =>
  z
    .string({ error: `Enter ${label}.` })
    .trim()
    .min(1, `Enter ${label}.`)
    .max(max, `Use at most ${max} characters.`);

export const draftSchema = z
  .object({
    clientId: recordId('a client'),
    periodStart: localDate('the first day'),
    periodEnd: localDate('the last day'),
    detail: z.enum(['entries', 'days'], { error: 'Choose one line per entry or per day.' }),
  })
  .strict()
  .refine((v) => v.periodEnd >= v.periodStart, { message: 'The last day must be on or after the first.', path: ['periodEnd'] });

export const invoiceIdSchema = z.object({ invoiceId: recordId('an invoice') }).strict();

const lineFields = {
  kind: z.enum(invoiceLineKinds.filter((k) => k !== 'time') as ['fixed', 'expense', 'discount'], {
    error: 'Choose a fixed fee, an expense or a discount.',
  }),
  description: text('a description', 300),
  quantityMilli: thousandths('the quantity', 100_000).refine((q) => q > 0, 'The quantity must be above zero.'),
  unitPriceCents: dollars('the unit price', 0, 100_000_000),
  taxRateMilli: thousandths('the tax rate', 100),
};

export const lineSchema = z.object({ invoiceId: recordId('an invoice'), ...lineFields }).strict();

export const lineUpdateSchema = z.object({ lineId: recordId('a line'), ...lineFields }).strict();

/** A time line's amount is its entries': only its wording and tax rate change. */
export const timeLineUpdateSchema = z
  .object({ lineId: recordId('a line'), description: lineFields.description, taxRateMilli: lineFields.taxRateMilli })
  .strict();

export const lineIdSchema = z.object({ lineId: recordId('a line') }).strict();

export const voidSchema = z.object({ invoiceId: recordId('an invoice'), reason: text('why the invoice is void', 500) }).strict();

export const paymentSchema = z
  .object({
    invoiceId: recordId('an invoice'),
    receivedOn: localDate('the date received'),
    amountCents: dollars('the amount', 1, 100_000_000),
    method: z.enum(paymentMethods, { error: 'Choose how it was paid.' }),
    reference: z.string().trim().max(100, 'Use at most 100 characters.').default(''),
  })
  .strict();

export const reversalSchema = z.object({ paymentId: recordId('a payment'), reason: text('why the payment is reversed', 500) }).strict();

/** Money typed in a contract field: empty is none. */
const optionalDollars = (label: string) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? '0' : v), dollars(label, 0, 100_000_000));

export const contractSchema = z
  .object({
    clientId: recordId('a client'),
    name: text('a name for the contract', 100),
    startDate: localDate('the first day'),
    endDate: optionalDate('the last day'),
    monthlyFeeCents: optionalDollars('the monthly fee'),
    perSeatCents: optionalDollars('the price per seat'),
    includedMinutes: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? '0' : v), hours('the included hours', 744)),
    overageRateCents: z.preprocess(
      (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
      dollars('the rate beyond the included hours', 0, 10_000_000)
        .optional()
        .transform((v) => v ?? null),
    ),
  })
  .strict()
  .refine((v) => v.endDate === null || v.endDate >= v.startDate, {
    message: 'The last day must be on or after the first.',
    path: ['endDate'],
  })
  .refine((v) => v.monthlyFeeCents > 0 || v.perSeatCents > 0 || v.includedMinutes > 0, {
    message: 'Enter a monthly fee, a price per seat or included hours.',
    path: ['monthlyFeeCents'],
  });

export const endContractSchema = z.object({ contractId: recordId('a contract'), endDate: localDate('the last day') }).strict();

export const prepareMonthSchema = z
  .object({
    month: z
      .string({ error: 'Choose a month.' })
      .trim()
      .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Choose a month, like 2026-12.'),
  })
  .strict();

/** A month's preparation (a job of the firm) to cancel. */
export const prepareJobRef = z.object({ jobId: z.uuid('That run is no longer available.') }).strict();

/** The invoice list's address: a state, a client (by id, or by name for a firm too big to list), a page. Bad values are ignored. */
export const invoiceListQuery = z.object({
  state: z.enum(['draft', 'open', 'sent', 'partially_paid', 'paid', 'overdue', 'void']).optional().catch(undefined),
  client: z.coerce.number().int().min(1).optional().catch(undefined),
  q: z.string().trim().max(120).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).optional().catch(undefined),
});
export type InvoiceListQuery = z.infer<typeof invoiceListQuery>;
