import { z } from 'zod';
import { paperSizes } from '@/db/schema';
import { numberFormatProblem } from '@/lib/invoices/numbering';
import { thousandths, wholeNumber } from './common';

const printed = (label: string, max: number) =>
  z
    .string({ error: `Enter ${label}.` })
    .trim()
    .max(max, `Use at most ${max} characters.`);

export const billingSettingsSchema = z
  .object({
    invoiceNumberFormat: z
      .string({ error: 'Enter a format, e.g. {YYYY}-{seq:4}.' })
      .trim()
      .superRefine((v, ctx) => {
        const problem = numberFormatProblem(v);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }),
    defaultTaxRateMilli: thousandths('the default tax rate', 100),
    paymentTermsDays: wholeNumber('the payment terms', 0, 365),
    billingAddress: printed('the billing address', 500),
    taxId: printed('the tax id', 50),
    paymentInstructions: printed('the payment instructions', 1000),
    paperSize: z.enum(paperSizes, { error: 'Choose US Letter or A4.' }),
  })
  .strict();

export type BillingSettingsInput = z.infer<typeof billingSettingsSchema>;
