import 'server-only';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { schema, type Conn } from '@/db';
import type { PaymentMethod } from '@/db/schema';
import { UserFacingError } from '@/lib/errors';
import { formatInvoiceNumber, sequenceScope } from '@/lib/invoices/numbering';
import { formatExactMoney as formatMoney } from '@/lib/format';
import { assertCan } from '@/lib/permissions';
import { addDays, isRealDate, today, type LocalDate } from '@/lib/time/zoned';
import {
  getDraftOrThrow,
  getInvoiceOrThrow,
  linesOf,
  paidCents,
  refreshTotals,
  releaseEntries,
  type InvoiceRow,
} from './internal/invoices';
import { getChosenClientOrThrow } from './internal/records';
import { printedNow, storeInvoicePdf } from './invoice-pdf';
import { retier } from './internal/tiering';
import { writeAudit, writeTransaction } from './internal/write';
import type { Member } from './session';

/**
 * Finalises a draft: the firm's next number, the invoice date and due date,
 * and what is printed, frozen. Gapless: the number is one more than the
 * highest of its run, read and written in one immediate transaction, so two
 * people finalising at once get consecutive numbers (the second waits for the
 * first), and an invoice is never deleted once numbered. Its PDF is drawn
 * and stored in the same transaction.
 */
export function finaliseInvoice(member: Member, invoiceId: number, now = Date.now()): { number: string } {
  return writeTransaction((tx) => {
    const invoice = getDraftOrThrow(tx, member, invoiceId);
    if (linesOf(tx, invoice.id).length === 0) throw new UserFacingError('Add at least one line before finalising.');
    refreshTotals(tx, invoice.id);
    const totals = tx.select().from(schema.invoices).where(eq(schema.invoices.id, invoice.id)).get()!;
    if (totals.totalCents < 0) throw new UserFacingError('The total is below zero; an invoice cannot owe the client money.');
    const firm = tx.select().from(schema.firms).where(eq(schema.firms.id, member.firmId)).get()!;
    const issueDate = today(firm.timeZone, now);
    const seqScope = sequenceScope(firm.invoiceNumberFormat, issueDate);
    const seq = nextSeq(tx, member.firmId, seqScope);
    const number = formatInvoiceNumber(firm.invoiceNumberFormat, seq, issueDate);
    const client = getChosenClientOrThrow(tx, member, invoice.clientId);
    const printed = printedNow(firm, client);
    const finalised = {
      status: 'finalised' as const,
      number,
      seq,
      seqScope,
      issueDate,
      // The terms the draft was made under (its client's, lib/dal/billing-terms.ts); a draft made before terms followed the tier has none and keeps the firm's.
      dueDate: addDays(issueDate, invoice.paymentTermsDays ?? firm.paymentTermsDays),
      printed,
      finalisedAt: now,
    };
    taken(tx, member.firmId, number);
    tx.update(schema.invoices).set(finalised).where(eq(schema.invoices.id, invoice.id)).run();
    // The file the client gets is made and kept here, with the number: what is downloaded later is exactly this.
    storeInvoicePdf(tx, { ...totals, ...finalised }, firm.paperSize, now);
    // Revenue is invoiced money (./internal/revenue.ts): the client's tier follows this invoice now, not at the next hourly pass.
    retier(tx, member.firmId, now, invoice.clientId);
    writeAudit(tx, member, {
      action: 'invoice.finalised',
      entity: 'invoice',
      id: invoice.id,
      after: { number, totalCents: totals.totalCents },
    });
    return { number };
  });
}

function nextSeq(tx: Conn, firmId: number, seqScope: string): number {
  const row = tx
    .select({ last: sql<number>`coalesce(max(${schema.invoices.seq}), 0)` })
    .from(schema.invoices)
    .where(and(eq(schema.invoices.firmId, firmId), eq(schema.invoices.seqScope, seqScope)))
    .get();
  return (row?.last ?? 0) + 1;
}

/** A changed number format can meet a number already given (e.g. back to an old format): say so, do not skip. */
function taken(tx: Conn, firmId: number, number: string): void {
  const clash = tx
    .select({ id: schema.invoices.id })
    .from(schema.invoices)
    .where(and(eq(schema.invoices.firmId, firmId), eq(schema.invoices.number, number)))
    .get();
  if (clash) throw new UserFacingError(`Number ${number} is already used by another invoice; change the number format in Settings.`);
}

/** Marks a finalised invoice as sent to the client (by hand, until it is emailed). */
export function markInvoiceSent(member: Member, invoiceId: number, now = Date.now()): void {
  writeTransaction((tx) => {
    const invoice = finalisedOrThrow(tx, member, invoiceId);
    if (invoice.sentAt !== null) return;
    tx.update(schema.invoices).set({ sentAt: now }).where(eq(schema.invoices.id, invoice.id)).run();
    writeAudit(tx, member, { action: 'invoice.sent', entity: 'invoice', id: invoice.id });
  });
}

function finalisedOrThrow(tx: Conn, member: Member, invoiceId: number): InvoiceRow {
  const invoice = getInvoiceOrThrow(tx, member, invoiceId, 'invoices.write');
  if (invoice.status === 'draft') throw new UserFacingError('Finalise the draft first.');
  if (invoice.status === 'void') throw new UserFacingError(`Invoice ${invoice.number} is void.`);
  return invoice;
}

/**
 * Voids a finalised invoice: it keeps its number (never reused, never
 * deleted), its time entries become unbilled for a new draft, and the reason
 * is kept with it and in the audit log. Money received must be reversed first.
 */
export function voidInvoice(member: Member, invoiceId: number, reason: string, now = Date.now()): void {
  assertCan(member.role, 'invoices.write');
  const why = reason.trim();
  if (why.length < 3) throw new UserFacingError('Say why the invoice is void (at least 3 characters).', 'reason');
  if (why.length > 500) throw new UserFacingError('Keep the reason to 500 characters.', 'reason');
  writeTransaction((tx) => {
    const invoice = finalisedOrThrow(tx, member, invoiceId);
    const paid = paidCents(tx, invoice.id);
    if (paid > 0)
      throw new UserFacingError(`${formatMoney(paid)} has been received on this invoice; reverse those payments before voiding it.`);
    releaseEntries(
      tx,
      linesOf(tx, invoice.id).map((l) => l.id),
    );
    tx.update(schema.invoices).set({ status: 'void', voidedAt: now, voidReason: why }).where(eq(schema.invoices.id, invoice.id)).run();
    retier(tx, member.firmId, now, invoice.clientId); // its money no longer counts, its released work does again
    writeAudit(tx, member, {
      action: 'invoice.voided',
      entity: 'invoice',
      id: invoice.id,
      before: { number: invoice.number },
      after: { reason: why },
    });
  });
}

export type PaymentInput = { receivedOn: LocalDate; amountCents: number; method: PaymentMethod; reference: string };

/** Records money received: partial payments allowed, more than what is still owed refused. */
export function recordPayment(member: Member, invoiceId: number, input: PaymentInput): number {
  assertCan(member.role, 'invoices.write');
  if (!isRealDate(input.receivedOn)) throw new UserFacingError('Enter the date the money was received.', 'receivedOn');
  if (!Number.isSafeInteger(input.amountCents) || input.amountCents <= 0)
    throw new UserFacingError('Enter an amount above zero.', 'amount');
  return writeTransaction((tx) => {
    const invoice = finalisedOrThrow(tx, member, invoiceId);
    const zone = tx.select({ zone: schema.firms.timeZone }).from(schema.firms).where(eq(schema.firms.id, member.firmId)).get()!.zone;
    if (input.receivedOn > today(zone))
      throw new UserFacingError('That date is in the future; record money once it has arrived.', 'receivedOn');
    const owed = invoice.totalCents - paidCents(tx, invoice.id);
    if (input.amountCents > owed)
      throw new UserFacingError(`That is more than the ${formatMoney(owed)} still owed on invoice ${invoice.number}.`, 'amount');
    const payment = tx
      .insert(schema.payments)
      .values({ firmId: member.firmId, invoiceId: invoice.id, createdByUserId: member.userId, ...input })
      .returning({ id: schema.payments.id })
      .get();
    writeAudit(tx, member, { action: 'payment.recorded', entity: 'invoice', id: invoice.id, after: input });
    return payment.id;
  });
}

/** Reverses a payment recorded by mistake (a bounced check), with a reason; it is kept, crossed out. */
export function reversePayment(member: Member, paymentId: number, reason: string, now = Date.now()): void {
  assertCan(member.role, 'invoices.write');
  const why = reason.trim();
  if (why.length < 3) throw new UserFacingError('Say why the payment is reversed (at least 3 characters).', 'reason');
  writeTransaction((tx) => {
    const payment = tx
      .select()
      .from(schema.payments)
      .where(and(eq(schema.payments.id, paymentId), eq(schema.payments.firmId, member.firmId), isNull(schema.payments.reversedAt)))
      .get();
    if (!payment) throw new UserFacingError('That payment is not on record or was already reversed; reload the page.');
    getInvoiceOrThrow(tx, member, payment.invoiceId, 'invoices.write');
    tx.update(schema.payments).set({ reversedAt: now, reversalReason: why }).where(eq(schema.payments.id, payment.id)).run();
    writeAudit(tx, member, {
      action: 'payment.reversed',
      entity: 'invoice',
      id: payment.invoiceId,
      before: payment,
      after: { reason: why },
    });
  });
}
