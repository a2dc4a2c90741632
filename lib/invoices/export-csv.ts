import Papa from 'papaparse';
import { guard } from '@/lib/csv';
import type { LocalDate } from '@/lib/time/zoned';

/*
 * Invoices and payments for the accountant, in three shapes. QuickBooks
 * Online and Xero import invoices from CSV (one row per line, the invoice's
 * fields repeated) and recognise their own column names without mapping;
 * neither imports payments from that file, so payments are in the plain
 * format only. Void invoices are left out of the two import formats (they
 * would arrive as money owed) and listed as void in the plain one.
 *
 * Every text cell a person typed (client names, descriptions, references,
 * numbers) is guarded against spreadsheet formulas as the client export is
 * (lib/csv.ts). Amounts are written here from integer cents, digits and a
 * minus sign only, so they stay numbers.
 */

import { EXPORT_FORMATS, type ExportFormat } from './export-request';
import type { PrintedLine } from './lines';

export { EXPORT_FORMATS, type ExportFormat };

export type ExportLine = PrintedLine;
export type ExportInvoice = {
  number: string;
  clientName: string;
  issueDate: LocalDate;
  dueDate: LocalDate;
  periodStart: LocalDate;
  periodEnd: LocalDate;
  status: 'finalised' | 'void';
  subtotalCents: number;
  taxCents: number;
  totalCents: number;
  lines: ExportLine[];
};
export type ExportPayment = {
  invoiceNumber: string;
  clientName: string;
  receivedOn: LocalDate;
  amountCents: number;
  method: string;
  reference: string;
  reversed: boolean;
};

/** Integer cents as a plain decimal: -1005 → "-10.05" (no float arithmetic, no thousands separator, no currency sign). */
export function decimal(cents: number): string {
  const abs = Math.abs(cents);
  return `${cents < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
/** MM/DD/YYYY, the date both importers read for a US (dollar) company. */
const usDate = (d: LocalDate) => `${d.slice(5, 7)}/${d.slice(8, 10)}/${d.slice(0, 4)}`;
const milli = (n: number) => String(n / 1000);

/**
 * Quantity and unit price as the importer will multiply them, when that
 * gives exactly the line's amount; otherwise (time lines, whose amount is
 * the sum of their entries, or a fraction of a cent) one unit at the
 * amount, so the imported invoice totals exactly what the client was sent.
 */
function quantityAndRate(line: ExportLine): [string, string] {
  const price = line.kind === 'discount' ? -Math.abs(line.unitPriceCents) : line.unitPriceCents;
  const exact =
    line.kind !== 'time' && (line.quantityMilli * price) % 1000 === 0 && (line.quantityMilli * price) / 1000 === line.amountCents;
  return exact ? [milli(line.quantityMilli), decimal(price)] : ['1', decimal(line.amountCents)];
}

const csv = (fields: readonly string[], data: string[][]) => Papa.unparse({ fields: [...fields], data }, { newline: '\r\n' });
const live = (invoices: ExportInvoice[]) => invoices.filter((i) => i.status !== 'void');

export const QBO_COLUMNS = [
  'InvoiceNo',
  'Customer',
  'InvoiceDate',
  'DueDate',
  'Terms',
  'Memo',
  'Item(Product/Service)',
  'ItemDescription',
  'ItemQuantity',
  'ItemRate',
  'ItemAmount',
  'ItemTaxCode',
  'ItemTaxAmount',
  'Service Date',
] as const;

/** QuickBooks Online's invoice import: one row per line; US sales tax as TAX/NON per line with its amount. */
export function qboCsv(invoices: ExportInvoice[]): string {
  const rows = live(invoices).flatMap((inv) =>
    inv.lines.map((l) => {
      const [qty, rate] = quantityAndRate(l);
      return [
        guard(inv.number),
        guard(inv.clientName),
        usDate(inv.issueDate),
        usDate(inv.dueDate),
        '',
        '',
        l.kind === 'expense' ? 'Expenses' : 'Services',
        guard(l.description),
        qty,
        rate,
        decimal(l.amountCents),
        l.taxRateMilli > 0 ? 'TAX' : 'NON',
        decimal(l.taxCents),
        usDate(inv.periodEnd),
      ];
    }),
  );
  return csv(QBO_COLUMNS, rows);
}

export const XERO_COLUMNS = [
  '*ContactName',
  'EmailAddress',
  'POAddressLine1',
  'POAddressLine2',
  'POAddressLine3',
  'POAddressLine4',
  'POCity',
  'PORegion',
  'POPostalCode',
  'POCountry',
  '*InvoiceNumber',
  'Reference',
  '*InvoiceDate',
  '*DueDate',
  'InventoryItemCode',
  '*Description',
  '*Quantity',
  '*UnitAmount',
  'Discount',
  '*AccountCode',
  '*TaxType',
  'TrackingName1',
  'TrackingOption1',
  'TrackingName2',
  'TrackingOption2',
  'Currency',
  'BrandingTheme',
] as const;

/** Xero's account code "200" is its default Sales account; the accountant can recode on import. */
const XERO_SALES_ACCOUNT = '200';

/** Xero's sales invoice import template: one row per line, amounts tax exclusive, tax as Xero's US rate names. */
export function xeroCsv(invoices: ExportInvoice[]): string {
  const rows = live(invoices).flatMap((inv) =>
    inv.lines.map((l) => {
      const [qty, rate] = quantityAndRate(l);
      const head = [guard(inv.clientName), '', '', '', '', '', '', '', '', ''];
      const body = [guard(inv.number), '', usDate(inv.issueDate), usDate(inv.dueDate), '', guard(l.description), qty, rate, ''];
      return [...head, ...body, XERO_SALES_ACCOUNT, l.taxRateMilli > 0 ? 'Tax on Sales' : 'Tax Exempt', '', '', '', '', 'USD', ''];
    }),
  );
  return csv(XERO_COLUMNS, rows);
}

export const PLAIN_COLUMNS = [
  'type',
  'date',
  'invoice_number',
  'client',
  'due_date',
  'net',
  'tax',
  'total',
  'status',
  'method',
  'reference',
] as const;

/** One row per invoice and per payment, in date order: for a spreadsheet or any other ledger. Dates are ISO (YYYY-MM-DD). */
export function plainCsv(invoices: ExportInvoice[], payments: ExportPayment[]): string {
  const rows = [
    ...invoices.map((i) => ({
      date: i.issueDate,
      cells: [
        'invoice',
        i.issueDate,
        guard(i.number),
        guard(i.clientName),
        i.dueDate,
        decimal(i.subtotalCents),
        decimal(i.taxCents),
        decimal(i.totalCents),
        i.status === 'void' ? 'void' : 'issued',
        '',
        '',
      ],
    })),
    ...payments.map((p) => ({
      date: p.receivedOn,
      cells: [
        'payment',
        p.receivedOn,
        guard(p.invoiceNumber),
        guard(p.clientName),
        '',
        '',
        '',
        decimal(p.amountCents),
        p.reversed ? 'reversed' : 'received',
        p.method,
        guard(p.reference),
      ],
    })),
  ].sort((a, b) => a.date.localeCompare(b.date));
  return csv(
    PLAIN_COLUMNS,
    rows.map((r) => r.cells),
  );
}

/** The file for a format, with a byte-order mark so a spreadsheet reads it as UTF-8. */
export function exportCsv(format: ExportFormat, invoices: ExportInvoice[], payments: ExportPayment[]): string {
  const body = format === 'qbo' ? qboCsv(invoices) : format === 'xero' ? xeroCsv(invoices) : plainCsv(invoices, payments);
  return `\uFEFF${body}\r\n`;
}
