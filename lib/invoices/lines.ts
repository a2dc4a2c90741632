import type { InvoiceLineKind } from '@/db/schema';

/** An invoice line as it is printed and exported: what it bills, its rounded amount and tax. */
export type PrintedLine = {
  kind: InvoiceLineKind;
  description: string;
  minutes: number | null;
  quantityMilli: number;
  unitPriceCents: number;
  amountCents: number;
  taxRateMilli: number;
  taxCents: number;
};
