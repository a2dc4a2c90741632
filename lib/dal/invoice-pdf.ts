import 'server-only';
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { getDb, schema, type Conn } from '@/db';
import type { PaperSize } from '@/db/schema';
import { invoicePdf, type InvoicePdfInput } from '@/lib/invoices/pdf';
import { printedNow, type Printed } from '@/lib/invoices/printed';
import { getInvoiceOrThrow, linesOf, paidCents, type InvoiceRow } from './internal/invoices';
import { getChosenClientOrThrow, getClientOrThrow } from './internal/records';
import { writeTransaction } from './internal/write';
import type { Member } from './session';

export { printedNow, type Printed };

function pdfInput(conn: Conn, invoice: InvoiceRow, printed: Printed, paperSize: PaperSize, paid: number, at: number): InvoicePdfInput {
  return {
    paperSize,
    firm: printed.firm,
    client: printed.client,
    number: invoice.number,
    issueDate: invoice.issueDate,
    dueDate: invoice.dueDate,
    periodStart: invoice.periodStart,
    periodEnd: invoice.periodEnd,
    lines: linesOf(conn, invoice.id),
    subtotalCents: invoice.subtotalCents,
    taxCents: invoice.taxCents,
    totalCents: invoice.totalCents,
    paidCents: paid,
    createdAt: at,
  };
}

/**
 * Draws a just-numbered invoice and stores the file. Called inside the
 * transaction that finalises (`invoice` is the row as finalised there), so
 * the number and the PDF land together or not at all; nothing is paid yet.
 */
export function storeInvoicePdf(tx: Conn, invoice: InvoiceRow, paperSize: PaperSize, at: number): void {
  const pdf = invoicePdf(pdfInput(tx, invoice, invoice.printed as Printed, paperSize, 0, at));
  tx.insert(schema.invoiceDocuments)
    .values({ invoiceId: invoice.id, firmId: invoice.firmId, pdf, sha256: createHash('sha256').update(pdf).digest('hex'), createdAt: at })
    .run();
}

export type InvoicePdfFile = { filename: string; bytes: Buffer; stored: boolean };

/**
 * The PDF of an invoice of the caller's firm (owner and staff). A finalised
 * or void invoice answers with the file stored when it was numbered, byte for
 * byte; one numbered before files were stored is drawn once from what it
 * froze then, and kept. A draft is drawn afresh with a DRAFT mark and never
 * stored.
 */
export function getInvoicePdf(member: Member, invoiceId: number, now = Date.now()): InvoicePdfFile {
  const db = getDb();
  const invoice = getInvoiceOrThrow(db, member, invoiceId, 'invoices.read');
  if (invoice.status === 'draft')
    return { filename: `draft-invoice-${invoice.id}.pdf`, bytes: draftPdf(member, invoice, now), stored: false };
  const filename = `invoice-${invoice.number}.pdf`;
  const stored = storedPdf(db, invoice.id);
  if (stored) return { filename, bytes: stored, stored: true };
  const bytes = writeTransaction((tx) => storedOrDrawnPdf(tx, member, invoice, now));
  return { filename, bytes, stored: true };
}

/** A numbered invoice's stored file, inside the caller's write transaction; one numbered before files were stored is drawn once and kept. */
export function storedOrDrawnPdf(tx: Conn, member: Member, invoice: InvoiceRow, now: number): Buffer {
  const again = storedPdf(tx, invoice.id); // another request may have drawn it meanwhile
  if (again) return again;
  const firm = tx.select().from(schema.firms).where(eq(schema.firms.id, member.firmId)).get()!;
  // Every release that numbers invoices froze what they print; a row without it is drawn with today's details.
  const printed = invoice.printed ? invoice : { ...invoice, printed: printedNow(firm, getClientOrThrow(tx, member, invoice.clientId)) };
  storeInvoicePdf(tx, printed, firm.paperSize, invoice.finalisedAt ?? now);
  return storedPdf(tx, invoice.id)!;
}

function storedPdf(conn: Conn, invoiceId: number): Buffer | null {
  const row = conn
    .select({ pdf: schema.invoiceDocuments.pdf })
    .from(schema.invoiceDocuments)
    .where(eq(schema.invoiceDocuments.invoiceId, invoiceId))
    .get();
  return row ? row.pdf : null;
}

/** A draft as it would print today: the firm's and client's details as they are now. */
function draftPdf(member: Member, invoice: InvoiceRow, now: number): Buffer {
  const db = getDb();
  const firm = db.select().from(schema.firms).where(eq(schema.firms.id, member.firmId)).get()!;
  const client = getChosenClientOrThrow(db, member, invoice.clientId);
  return invoicePdf(pdfInput(db, invoice, printedNow(firm, client), firm.paperSize, paidCents(db, invoice.id), now));
}
