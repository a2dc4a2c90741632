import 'server-only';
import { and, asc, between, eq, inArray, ne } from 'drizzle-orm';
import { getDb, schema } from '@/db';
import type { ExportInvoice, ExportLine, ExportPayment } from '@/lib/invoices/export-csv';
import { assertCan } from '@/lib/permissions';
import type { LocalDate } from '@/lib/time/zoned';
import type { Member } from './session';

/**
 * The firm's numbered invoices dated in a period (void ones too, marked) with
 * their lines, and the payments received in it (reversed ones marked), for
 * the accountant's export. Owner and staff only; three queries whatever the
 * number of invoices.
 */
export function exportInvoices(member: Member, from: LocalDate, to: LocalDate): { invoices: ExportInvoice[]; payments: ExportPayment[] } {
  assertCan(member.role, 'invoices.read');
  const db = getDb();
  const rows = db
    .select({ invoice: schema.invoices, clientName: schema.clients.name })
    .from(schema.invoices)
    .innerJoin(schema.clients, eq(schema.clients.id, schema.invoices.clientId))
    .where(
      and(eq(schema.invoices.firmId, member.firmId), ne(schema.invoices.status, 'draft'), between(schema.invoices.issueDate, from, to)),
    )
    .orderBy(asc(schema.invoices.issueDate), asc(schema.invoices.seq))
    .all();
  const lines = new Map<number, ExportLine[]>();
  const ids = rows.map((r) => r.invoice.id);
  // Chunks keep each IN list well under SQLite's limit on bound parameters.
  for (let i = 0; i < ids.length; i += 500)
    for (const l of db
      .select()
      .from(schema.invoiceLines)
      .where(inArray(schema.invoiceLines.invoiceId, ids.slice(i, i + 500)))
      .orderBy(asc(schema.invoiceLines.position), asc(schema.invoiceLines.id))
      .all())
      lines.set(l.invoiceId, [...(lines.get(l.invoiceId) ?? []), l]);
  const invoices = rows.map(({ invoice: i, clientName }) => ({
    number: i.number!,
    clientName,
    issueDate: i.issueDate!,
    dueDate: i.dueDate!,
    periodStart: i.periodStart,
    periodEnd: i.periodEnd,
    status: i.status as 'finalised' | 'void',
    subtotalCents: i.subtotalCents,
    taxCents: i.taxCents,
    totalCents: i.totalCents,
    lines: lines.get(i.id) ?? [],
  }));
  const payments = db
    .select({ payment: schema.payments, invoiceNumber: schema.invoices.number, clientName: schema.clients.name })
    .from(schema.payments)
    .innerJoin(schema.invoices, eq(schema.invoices.id, schema.payments.invoiceId))
    .innerJoin(schema.clients, eq(schema.clients.id, schema.invoices.clientId))
    .where(and(eq(schema.payments.firmId, member.firmId), between(schema.payments.receivedOn, from, to)))
    .orderBy(asc(schema.payments.receivedOn), asc(schema.payments.id))
    .all()
    .map(({ payment: p, invoiceNumber, clientName }) => ({
      invoiceNumber: invoiceNumber!,
      clientName,
      receivedOn: p.receivedOn,
      amountCents: p.amountCents,
      method: p.method,
      reference: p.reference,
      reversed: p.reversedAt !== null,
    }));
  return { invoices, payments };
}
