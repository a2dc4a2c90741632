import 'server-only';
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { getDb, schema, type Conn } from '@/db';
import type { InvoiceLineKind, TimeCategory } from '@/db/schema';
import { UserFacingError } from '@/lib/errors';
import { invoiceState, type InvoiceState } from '@/lib/invoices/status';
import { priceLine } from '@/lib/invoices/totals';
import { isOnSite, priceEntry, tripFeeDays } from '@/lib/invoices/terms';
import { assertCan } from '@/lib/permissions';
import { dayLabel, formatHours } from '@/lib/time/format';
import { addDays, localDate, localToInstant, today, type LocalDate } from '@/lib/time/zoned';
import { termsInForce } from './billing-terms';
import { firmTimeZone } from './internal/firm';
import {
  getDraftOrThrow,
  getInvoiceOrThrow,
  linesOf,
  nextPosition,
  paidCents,
  paidColumn,
  refreshTotals,
  releaseEntries,
  type InvoiceLineRow,
  type InvoiceRow,
  unbilledClientEntries,
} from './internal/invoices';
import { getChosenClientOrThrow } from './internal/records';
import { writeAudit, writeTransaction } from './internal/write';
import type { Member } from './session';

export type DraftInput = { clientId: number; periodStart: LocalDate; periodEnd: LocalDate; detail: 'entries' | 'days' };

type Entry = {
  id: number;
  startedAt: number;
  minutes: number;
  amountCents: number;
  category: TimeCategory;
  description: string;
  visitId: number | null;
  travelMinutes: number;
};
/** An entry as billed under the client's terms (lib/invoices/terms.ts priceEntry: its stored amount is kept as the record of the work). */
type BilledEntry = Entry & { billedMinutes: number; billedCents: number };

/**
 * A draft invoice for one client and period, built from its unbilled billable
 * time: one line per entry, or one per day. The entries are tied to their
 * lines in the same transaction, so two drafts can never bill the same work.
 * The client's billing terms in force now (its own or its tier's) price each
 * entry, add a trip fee per day on site and are kept for the due date.
 */
export function createDraftInvoice(member: Member, input: DraftInput): number {
  assertCan(member.role, 'invoices.write');
  if (input.periodEnd < input.periodStart) throw new UserFacingError('The period must end on or after its first day.', 'periodEnd');
  return writeTransaction((tx) => {
    const client = getChosenClientOrThrow(tx, member, input.clientId);
    const firm = tx.select().from(schema.firms).where(eq(schema.firms.id, member.firmId)).get()!;
    const zone = firm.timeZone;
    const { terms, source } = termsInForce(tx, member.firmId, client);
    const entries = unbilledEntries(tx, member.firmId, client.id, zone, input.periodStart, input.periodEnd).map((e) => {
      const priced = priceEntry(e, terms);
      return { ...e, billedMinutes: priced.minutes, billedCents: priced.amountCents };
    });
    const invoice = tx
      .insert(schema.invoices)
      .values({
        firmId: member.firmId,
        clientId: client.id,
        periodStart: input.periodStart,
        periodEnd: input.periodEnd,
        paymentTermsDays: terms.paymentTermsDays,
      })
      .returning({ id: schema.invoices.id })
      .get();
    const taxRateMilli = client.taxExempt ? 0 : firm.defaultTaxRateMilli;
    const groups = input.detail === 'entries' ? entries.map((e) => [e]) : groupByDay(entries, zone);
    groups.forEach((group, i) => {
      const description = input.detail === 'entries' ? entryLine(group[0]!, zone) : dayLine(group, zone);
      addTimeLine(tx, member.firmId, invoice.id, i + 1, description, group, taxRateMilli);
    });
    const days = tripFeeDays(
      entries.map((e) => ({ day: localDate(e.startedAt, zone), onSite: isOnSite(e) })),
      terms,
    );
    days.forEach((day, i) => addTripFee(tx, member.firmId, invoice.id, groups.length + i + 1, day, terms.tripFeeCents, taxRateMilli));
    refreshTotals(tx, invoice.id);
    writeAudit(tx, member, {
      action: 'invoice.drafted',
      entity: 'invoice',
      id: invoice.id,
      after: { ...input, entries: entries.length, terms, termsFrom: source === 'client' ? 'client' : client.tier },
    });
    return invoice.id;
  });
}

function unbilledEntries(tx: Conn, firmId: number, clientId: number, zone: string, from: LocalDate, to: LocalDate): Entry[] {
  return unbilledClientEntries(tx, firmId, clientId, localToInstant(from, 0, zone), localToInstant(addDays(to, 1), 0, zone));
}

function groupByDay(entries: BilledEntry[], zone: string): BilledEntry[][] {
  const days = new Map<string, BilledEntry[]>();
  for (const e of entries) {
    const day = localDate(e.startedAt, zone);
    days.set(day, [...(days.get(day) ?? []), e]);
  }
  return [...days.values()];
}

/** "1.25 h", or "1 h billed, 0.33 h worked" when the terms rounded the time up. */
function hoursText(group: BilledEntry[]): string {
  const worked = group.reduce((s, e) => s + e.minutes, 0);
  const billed = group.reduce((s, e) => s + e.billedMinutes, 0);
  return billed === worked ? formatHours(billed) : `${formatHours(billed)} billed, ${formatHours(worked)} worked`;
}
const entryLine = (e: BilledEntry, zone: string) =>
  `${dayLabel(localDate(e.startedAt, zone))} — ${e.description.trim() || 'On-site work'} (${hoursText([e])})`;
const dayLine = (group: BilledEntry[], zone: string) =>
  `${dayLabel(localDate(group[0]!.startedAt, zone))} — ${group.length} visit${group.length === 1 ? '' : 's'} (${hoursText(group)})`;

function addTripFee(tx: Conn, firmId: number, invoiceId: number, position: number, day: string, feeCents: number, taxRateMilli: number) {
  const line = { kind: 'fixed' as const, quantityMilli: 1000, unitPriceCents: feeCents, taxRateMilli };
  tx.insert(schema.invoiceLines)
    .values({ firmId, invoiceId, position, description: `Trip fee — ${dayLabel(day)}`, ...line, ...priceLine(line) })
    .run();
}

function addTimeLine(
  tx: Conn,
  firmId: number,
  invoiceId: number,
  position: number,
  description: string,
  group: BilledEntry[],
  taxRateMilli: number,
) {
  const minutes = group.reduce((s, e) => s + e.billedMinutes, 0);
  const timeAmountCents = group.reduce((s, e) => s + e.billedCents, 0);
  const priced = priceLine({ kind: 'time', timeAmountCents, quantityMilli: 1000, unitPriceCents: 0, taxRateMilli });
  const line = tx
    .insert(schema.invoiceLines)
    .values({ firmId, invoiceId, position, kind: 'time', description, minutes, taxRateMilli, ...priced })
    .returning({ id: schema.invoiceLines.id })
    .get();
  tx.update(schema.timeEntries)
    .set({ invoiceLineId: line.id })
    .where(
      inArray(
        schema.timeEntries.id,
        group.map((e) => e.id),
      ),
    )
    .run();
}

export type LineInput = {
  kind: Exclude<InvoiceLineKind, 'time'>;
  description: string;
  quantityMilli: number;
  unitPriceCents: number;
  taxRateMilli: number;
};

/** Adds a fixed fee, an expense or a discount to a draft. */
export function addInvoiceLine(member: Member, invoiceId: number, input: LineInput): number {
  return writeTransaction((tx) => {
    const invoice = getDraftOrThrow(tx, member, invoiceId);
    const line = tx
      .insert(schema.invoiceLines)
      .values({ firmId: member.firmId, invoiceId: invoice.id, position: nextPosition(tx, invoice.id), ...input, ...priceLine(input) })
      .returning({ id: schema.invoiceLines.id })
      .get();
    refreshTotals(tx, invoice.id);
    writeAudit(tx, member, { action: 'invoice.line_added', entity: 'invoice', id: invoice.id, after: input });
    return line.id;
  });
}

function draftLineOrThrow(tx: Conn, member: Member, lineId: number): { invoice: InvoiceRow; line: InvoiceLineRow } {
  const line = tx
    .select()
    .from(schema.invoiceLines)
    .where(and(eq(schema.invoiceLines.id, lineId), eq(schema.invoiceLines.firmId, member.firmId)))
    .get();
  if (!line) throw new UserFacingError('That line is no longer on the invoice; reload the page.');
  return { invoice: getDraftOrThrow(tx, member, line.invoiceId), line };
}

export type TimeLineEdit = { kind: 'time'; description: string; taxRateMilli: number };

/** Edits a draft's line: a time line's description and tax rate (its amount is its entries'), any other line whole. */
export function updateInvoiceLine(member: Member, lineId: number, input: LineInput | TimeLineEdit): void {
  writeTransaction((tx) => {
    const { invoice, line } = draftLineOrThrow(tx, member, lineId);
    if ((line.kind === 'time') !== (input.kind === 'time'))
      throw new UserFacingError('A time line stays a time line; remove it and add a new line instead.');
    const next =
      input.kind === 'time'
        ? {
            description: input.description,
            taxRateMilli: input.taxRateMilli,
            ...priceLine({ ...line, timeAmountCents: line.amountCents, taxRateMilli: input.taxRateMilli }),
          }
        : { ...input, ...priceLine(input) };
    tx.update(schema.invoiceLines).set(next).where(eq(schema.invoiceLines.id, line.id)).run();
    refreshTotals(tx, invoice.id);
    writeAudit(tx, member, { action: 'invoice.line_changed', entity: 'invoice', id: invoice.id, before: line, after: next });
  });
}

/** Removes a draft's line; a time line's entries become unbilled again. */
export function removeInvoiceLine(member: Member, lineId: number): void {
  writeTransaction((tx) => {
    const { invoice, line } = draftLineOrThrow(tx, member, lineId);
    releaseEntries(tx, [line.id]);
    tx.delete(schema.invoiceLines).where(eq(schema.invoiceLines.id, line.id)).run();
    refreshTotals(tx, invoice.id);
    writeAudit(tx, member, { action: 'invoice.line_removed', entity: 'invoice', id: invoice.id, before: line });
  });
}

/** Deletes a draft (it has no number yet), releasing its entries. A finalised invoice is voided instead. */
export function deleteDraftInvoice(member: Member, invoiceId: number): void {
  writeTransaction((tx) => {
    const invoice = getDraftOrThrow(tx, member, invoiceId);
    const lines = linesOf(tx, invoice.id);
    releaseEntries(
      tx,
      lines.map((l) => l.id),
    );
    tx.delete(schema.invoices).where(eq(schema.invoices.id, invoice.id)).run();
    writeAudit(tx, member, {
      action: 'invoice.draft_deleted',
      entity: 'invoice',
      id: invoice.id,
      before: { ...invoice, lines: lines.length },
    });
  });
}

export type InvoiceListItem = Pick<
  InvoiceRow,
  'id' | 'number' | 'clientId' | 'periodStart' | 'periodEnd' | 'issueDate' | 'dueDate' | 'totalCents'
> & {
  clientName: string;
  state: InvoiceState;
  paidCents: number;
};

/** The firm's invoices, newest first, each with what it is now (paid, overdue…). */
export function listInvoices(member: Member, filter: { clientId?: number } = {}): InvoiceListItem[] {
  assertCan(member.role, 'invoices.read');
  const db = getDb();
  const zone = firmTimeZone(db, member.firmId);
  const rows = db
    .select({ invoice: schema.invoices, clientName: schema.clients.name, paid: paidColumn })
    .from(schema.invoices)
    .innerJoin(schema.clients, eq(schema.clients.id, schema.invoices.clientId))
    .where(and(eq(schema.invoices.firmId, member.firmId), filter.clientId ? eq(schema.invoices.clientId, filter.clientId) : undefined))
    .orderBy(desc(schema.invoices.createdAt), desc(schema.invoices.id))
    .all();
  const now = today(zone);
  // One query: what each invoice has received comes with it (paidColumn), not a query per row.
  return rows.map(({ invoice, clientName, paid }) => {
    const { id, number, clientId, periodStart, periodEnd, issueDate, dueDate, totalCents } = invoice;
    return {
      id,
      number,
      clientId,
      periodStart,
      periodEnd,
      issueDate,
      dueDate,
      totalCents,
      clientName,
      paidCents: paid,
      state: invoiceState(invoice, paid, now),
    };
  });
}

/** One invoice with its lines and payments, for its page. */
export function getInvoice(member: Member, invoiceId: number) {
  const db = getDb();
  const invoice = getInvoiceOrThrow(db, member, invoiceId, 'invoices.read');
  const client = getChosenClientOrThrow(db, member, invoice.clientId);
  const payments = db
    .select()
    .from(schema.payments)
    .where(eq(schema.payments.invoiceId, invoice.id))
    .orderBy(asc(schema.payments.id))
    .all();
  const paid = paidCents(db, invoice.id);
  const state = invoiceState(invoice, paid, today(firmTimeZone(db, member.firmId)));
  return { invoice, client, lines: linesOf(db, invoice.id), payments, paidCents: paid, state };
}
