import 'server-only';
import { and, asc, eq, gt, gte, isNull, lt, sql } from 'drizzle-orm';
import { schema, type Conn } from '@/db';
import { UserFacingError } from '@/lib/errors';
import { invoiceTotals } from '@/lib/invoices/totals';
import { isBilledCategory } from '@/lib/money';
import { assertCan, NotFoundError } from '@/lib/permissions';
import type { Member } from '../session';

export type InvoiceRow = typeof schema.invoices.$inferSelect;
export type InvoiceLineRow = typeof schema.invoiceLines.$inferSelect;

/** An invoice of the caller's firm (another firm's id answers exactly as a missing one). */
export function getInvoiceOrThrow(
  conn: Conn,
  member: Member,
  invoiceId: number,
  permission: 'invoices.read' | 'invoices.write',
): InvoiceRow {
  assertCan(member.role, permission);
  const row = conn
    .select()
    .from(schema.invoices)
    .where(and(eq(schema.invoices.id, invoiceId), eq(schema.invoices.firmId, member.firmId)))
    .get();
  if (!row) throw new NotFoundError('That invoice');
  return row;
}

/** A draft of the caller's firm, for a change only drafts allow. */
export function getDraftOrThrow(conn: Conn, member: Member, invoiceId: number): InvoiceRow {
  const invoice = getInvoiceOrThrow(conn, member, invoiceId, 'invoices.write');
  if (invoice.status !== 'draft') throw new UserFacingError(`Invoice ${invoice.number} is finalised; its lines can no longer change.`);
  return invoice;
}

export function linesOf(conn: Conn, invoiceId: number): InvoiceLineRow[] {
  return conn
    .select()
    .from(schema.invoiceLines)
    .where(eq(schema.invoiceLines.invoiceId, invoiceId))
    .orderBy(asc(schema.invoiceLines.position), asc(schema.invoiceLines.id))
    .all();
}

/** Stores a draft's totals as the sums of its lines, after any change to them. */
export function refreshTotals(conn: Conn, invoiceId: number): void {
  const totals = invoiceTotals(linesOf(conn, invoiceId));
  conn.update(schema.invoices).set(totals).where(eq(schema.invoices.id, invoiceId)).run();
}

/** Money received against the invoice of the row being read, reversed payments left out: a column for a query over invoices. */
// Written out with its aliases: inside a subquery Drizzle names columns without their table, and a bare "id" would be the payment's.
export const paidColumn = sql<number>`coalesce((select sum(p.amount_cents) from payments p where p.invoice_id = "invoices"."id" and p.reversed_at is null), 0)`;

/** Money received against an invoice, reversed payments left out. */
export function paidCents(conn: Conn, invoiceId: number): number {
  const row = conn.select({ paid: paidColumn }).from(schema.invoices).where(eq(schema.invoices.id, invoiceId)).get();
  return row?.paid ?? 0;
}

/** The next line position of an invoice. */
export function nextPosition(conn: Conn, invoiceId: number): number {
  const row = conn
    .select({ last: sql<number>`coalesce(max(${schema.invoiceLines.position}), 0)` })
    .from(schema.invoiceLines)
    .where(eq(schema.invoiceLines.invoiceId, invoiceId))
    .get();
  return (row?.last ?? 0) + 1;
}

/** Releases the time entries billed on these lines, so they can be billed again. */
export function releaseEntries(conn: Conn, lineIds: number[]): void {
  for (const id of lineIds)
    conn.update(schema.timeEntries).set({ invoiceLineId: null }).where(eq(schema.timeEntries.invoiceLineId, id)).run();
}

/**
 * Why a time entry cannot change: it is billed on an invoice. Named, so the
 * person knows where to go: a draft can drop the line, a finalised invoice
 * must be voided first.
 */
export function billedEntryProblem(conn: Conn, invoiceLineId: number | null): string | null {
  if (invoiceLineId === null) return null;
  const row = conn
    .select({ status: schema.invoices.status, number: schema.invoices.number, client: schema.clients.name })
    .from(schema.invoiceLines)
    .innerJoin(schema.invoices, eq(schema.invoices.id, schema.invoiceLines.invoiceId))
    .innerJoin(schema.clients, eq(schema.clients.id, schema.invoices.clientId))
    .where(eq(schema.invoiceLines.id, invoiceLineId))
    .get();
  if (!row || row.status === 'void') return null;
  return row.status === 'draft'
    ? `This entry is on a draft invoice for ${row.client}; remove its line from the draft to change it.`
    : `This entry is billed on invoice ${row.number}; void that invoice to change it.`;
}

/**
 * A client's billable time on no invoice yet, started in [from, before) (instants; `from` null: any time before),
 * oldest first: what a draft or a month's preparation may bill. Marketing and admin time, and entries worth nothing,
 * are left out.
 */
export function unbilledClientEntries(conn: Conn, firmId: number, clientId: number, from: number | null, before: number) {
  return conn
    .select({
      id: schema.timeEntries.id,
      startedAt: schema.timeEntries.startedAt,
      minutes: schema.timeEntries.minutes,
      amountCents: schema.timeEntries.amountCents,
      category: schema.timeEntries.category,
      description: schema.timeEntries.description,
      visitId: schema.timeEntries.visitId,
      travelMinutes: schema.timeEntries.travelMinutes,
    })
    .from(schema.timeEntries)
    .where(
      and(
        eq(schema.timeEntries.firmId, firmId),
        eq(schema.timeEntries.clientId, clientId),
        isNull(schema.timeEntries.invoiceLineId),
        from === null ? undefined : gte(schema.timeEntries.startedAt, from),
        lt(schema.timeEntries.startedAt, before),
        gt(schema.timeEntries.amountCents, 0),
      ),
    )
    .orderBy(asc(schema.timeEntries.startedAt), asc(schema.timeEntries.id))
    .all()
    .filter((e) => isBilledCategory(e.category));
}
