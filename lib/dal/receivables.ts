import 'server-only';
import { and, asc, eq, isNull, lte } from 'drizzle-orm';
import { getDb, schema } from '@/db';
import { agingReport, type AgingReport } from '@/lib/invoices/aging';
import { clientStatement, type Statement } from '@/lib/invoices/statement';
import { statementPdf } from '@/lib/invoices/statement-pdf';
import { assertCan } from '@/lib/permissions';
import { today, type LocalDate } from '@/lib/time/zoned';
import { firmTimeZone } from './internal/firm';
import { paidColumn } from './internal/invoices';
import { getClientOrThrow } from './internal/records';
import { printedNow } from './invoice-pdf';
import type { Member } from './session';

/**
 * The firm's receivables by age on its today (owner and staff): every
 * finalised invoice with money still owed, per client and in total. One
 * query; what each invoice has received comes with it.
 */
export function getReceivables(member: Member, now = Date.now()): AgingReport & { today: LocalDate } {
  assertCan(member.role, 'invoices.read');
  const db = getDb();
  const on = today(firmTimeZone(db, member.firmId), now);
  const rows = db
    .select({
      clientId: schema.invoices.clientId,
      clientName: schema.clients.name,
      dueDate: schema.invoices.dueDate,
      totalCents: schema.invoices.totalCents,
      paid: paidColumn,
    })
    .from(schema.invoices)
    .innerJoin(schema.clients, eq(schema.clients.id, schema.invoices.clientId))
    .where(and(eq(schema.invoices.firmId, member.firmId), eq(schema.invoices.status, 'finalised')))
    .all();
  const open = rows.map((r) => ({
    clientId: r.clientId,
    clientName: r.clientName,
    dueDate: r.dueDate!,
    balanceCents: r.totalCents - r.paid,
  }));
  return { ...agingReport(open, on), today: on };
}

/** A client's statement over a period: finalised invoices (voids never happened for the client) and payments not reversed. */
export function getClientStatement(member: Member, clientId: number, from: LocalDate, to: LocalDate) {
  assertCan(member.role, 'invoices.read');
  const db = getDb();
  const client = getClientOrThrow(db, member, clientId);
  const invoices = db
    .select({
      number: schema.invoices.number,
      issueDate: schema.invoices.issueDate,
      dueDate: schema.invoices.dueDate,
      totalCents: schema.invoices.totalCents,
    })
    .from(schema.invoices)
    .where(
      and(
        eq(schema.invoices.firmId, member.firmId),
        eq(schema.invoices.clientId, client.id),
        eq(schema.invoices.status, 'finalised'),
        lte(schema.invoices.issueDate, to),
      ),
    )
    .orderBy(asc(schema.invoices.issueDate))
    .all()
    .map((i) => ({ number: i.number!, issueDate: i.issueDate!, dueDate: i.dueDate!, totalCents: i.totalCents }));
  const payments = db
    .select({
      invoiceNumber: schema.invoices.number,
      receivedOn: schema.payments.receivedOn,
      amountCents: schema.payments.amountCents,
      method: schema.payments.method,
      reference: schema.payments.reference,
    })
    .from(schema.payments)
    .innerJoin(schema.invoices, eq(schema.invoices.id, schema.payments.invoiceId))
    .where(
      and(
        eq(schema.payments.firmId, member.firmId),
        eq(schema.invoices.clientId, client.id),
        eq(schema.invoices.status, 'finalised'),
        isNull(schema.payments.reversedAt),
        lte(schema.payments.receivedOn, to),
      ),
    )
    .all()
    .map((p) => ({ ...p, invoiceNumber: p.invoiceNumber! }));
  return { client, statement: clientStatement(invoices, payments, from, to) };
}

/** The statement as a PDF on the firm's paper, with its file name. Drawn on request, never stored: it is a view of the account today. */
export function clientStatementPdf(member: Member, clientId: number, from: LocalDate, to: LocalDate, now = Date.now()) {
  const { client, statement } = getClientStatement(member, clientId, from, to);
  const firm = getDb().select().from(schema.firms).where(eq(schema.firms.id, member.firmId)).get()!;
  const printed = printedNow(firm, client);
  const bytes = statementPdf({ paperSize: firm.paperSize, firm: printed.firm, client: printed.client, statement, createdAt: now });
  return { filename: `statement-${client.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${from}-to-${to}.pdf`, bytes };
}

export type { Statement };
