import type { InvoiceLineKind } from '@/db/schema';
import { lineNetCents, taxCents } from '@/lib/money';

export type LineInput = {
  kind: InvoiceLineKind;
  /** Time lines carry the amount of their entries (each rounded when recorded); other lines are priced here. */
  timeAmountCents?: number;
  quantityMilli: number;
  unitPriceCents: number;
  taxRateMilli: number;
};

export type PricedLine = { amountCents: number; taxCents: number };

/**
 * A line's net amount and tax, each rounded once (lib/money.ts). A discount is
 * negative whatever sign its price was typed with.
 */
export function priceLine(line: LineInput): PricedLine {
  const net =
    line.kind === 'time'
      ? (line.timeAmountCents ?? 0)
      : lineNetCents(line.quantityMilli, line.kind === 'discount' ? -Math.abs(line.unitPriceCents) : line.unitPriceCents);
  return { amountCents: net, taxCents: taxCents(net, line.taxRateMilli) };
}

export type Totals = { subtotalCents: number; taxCents: number; totalCents: number };

/** An invoice's totals: sums of its rounded lines, never rounded again. */
export function invoiceTotals(lines: PricedLine[]): Totals {
  const subtotalCents = lines.reduce((sum, l) => sum + l.amountCents, 0);
  const tax = lines.reduce((sum, l) => sum + l.taxCents, 0);
  return { subtotalCents, taxCents: tax, totalCents: subtotalCents + tax };
}
