import type { PaperSize } from '@/db/schema';
import { formatExactMoney } from '@/lib/format';
import { hourlyRateCents } from '@/lib/money';
import {
  draftMark,
  finish,
  letterhead,
  newDocument,
  note,
  partiesBlock,
  printedDate,
  table,
  totalsBlock,
  type Party,
} from '@/lib/pdf/document';
import { dayRangeLabel, formatHours } from '@/lib/time/format';
import type { LocalDate } from '@/lib/time/zoned';
import type { PrintedLine } from './lines';

export type InvoicePdfLine = PrintedLine;

export type InvoicePdfInput = {
  paperSize: PaperSize;
  firm: Party & { paymentInstructions: string };
  client: Party & { contact: string };
  /** Null for a draft: it is drawn with a DRAFT mark and no number. */
  number: string | null;
  issueDate: LocalDate | null;
  dueDate: LocalDate | null;
  periodStart: LocalDate;
  periodEnd: LocalDate;
  lines: InvoicePdfLine[];
  subtotalCents: number;
  taxCents: number;
  totalCents: number;
  /** Money received so far; a paid and balance line are printed only when some was. */
  paidCents: number;
  /** The document's own date (its metadata), so the same invoice always gives the same bytes. */
  createdAt: number;
};

const COLUMNS = [
  { header: 'Description', width: 46, align: 'left' },
  { header: 'Qty', width: 10, align: 'right' },
  { header: 'Rate', width: 14, align: 'right' },
  { header: 'Tax', width: 10, align: 'right' },
  { header: 'Amount', width: 16, align: 'right' },
] as const;

/** Thousandths to the shortest decimal: 1500 → "1.5", 8875 → "8.875". */
const milli = (n: number) => String(n / 1000);
export const taxRateLabel = (rateMilli: number) => (rateMilli === 0 ? '—' : `${milli(rateMilli)}%`);

/** A line as printed: hours and the effective hourly rate for time, else quantity and unit price. */
export function printedLine(line: InvoicePdfLine): string[] {
  const [qty, rate] =
    line.minutes !== null
      ? [formatHours(line.minutes), formatExactMoney(hourlyRateCents(line.amountCents, line.minutes) ?? 0) + '/h']
      : [milli(line.quantityMilli), formatExactMoney(line.kind === 'discount' ? -Math.abs(line.unitPriceCents) : line.unitPriceCents)];
  return [line.description, qty, rate, taxRateLabel(line.taxRateMilli), formatExactMoney(line.amountCents)];
}

/**
 * An invoice as a PDF on the firm's paper (A4 or US Letter): the firm's name,
 * address and tax id, the client's billing address and tax id, number and
 * dates, one row per line (quantity, rate, tax, amount), subtotal, tax and
 * total, what was paid and the balance when anything was, and how to pay. A
 * draft carries a large DRAFT mark on every page and no number. Synchronous:
 * see `finish`.
 */
export function invoicePdf(input: InvoicePdfInput): Buffer {
  const draft = input.number === null;
  const title = draft ? 'Draft invoice' : `Invoice ${input.number}`;
  const doc = newDocument(input.paperSize, { title, author: input.firm.name, createdAt: input.createdAt });
  letterhead(doc, input.firm, draft ? 'DRAFT' : 'INVOICE', draft ? 'Not yet an invoice: no number' : `No. ${input.number}`);
  const facts: [string, string][] = [];
  if (input.issueDate) facts.push(['Invoice date', printedDate(input.issueDate)]);
  if (input.dueDate) facts.push(['Due date', printedDate(input.dueDate)]);
  facts.push(['Period', dayRangeLabel(input.periodStart, input.periodEnd, { thisYear: 0 })]);
  partiesBlock(doc, 'Bill to', input.client, facts);
  table(doc, [...COLUMNS], input.lines.map(printedLine));
  doc.y += 6;
  const totals: [string, string][] = [
    ['Subtotal', formatExactMoney(input.subtotalCents)],
    ['Tax', formatExactMoney(input.taxCents)],
    ['Total', formatExactMoney(input.totalCents)],
  ];
  if (input.paidCents > 0) totals.push(['Paid', `-${formatExactMoney(input.paidCents)}`]);
  totals.push([draft ? 'Total (draft)' : 'Amount due', formatExactMoney(input.totalCents - input.paidCents)]);
  totalsBlock(doc, totals);
  if (input.firm.paymentInstructions) {
    const due = input.dueDate ? ` by ${printedDate(input.dueDate)}` : '';
    const ref = input.number ? `, quoting invoice ${input.number}` : '';
    note(doc, 'How to pay', `${due || ref ? `Please pay${due}${ref}.\n` : ''}${input.firm.paymentInstructions}`);
  }
  if (draft) draftMark(doc);
  return finish(doc);
}
