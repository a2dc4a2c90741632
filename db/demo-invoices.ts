import { and, eq, gt, inArray, isNull } from 'drizzle-orm';
import { daysPastDue } from '../lib/invoices/aging';
import { formatInvoiceNumber, sequenceScope } from '../lib/invoices/numbering';
import { monthBounds, planMonth, type MonthlyContract, type PlannedDraft, type UnbilledEntry } from '../lib/invoices/prepare';
import { printedNow } from '../lib/invoices/printed';
import { isOnSite, termsForClient, tierTermsFrom, type BillingTerms } from '../lib/invoices/terms';
import { invoiceTotals, priceLine } from '../lib/invoices/totals';
import { isBilledCategory } from '../lib/money';
import { seededRandom } from '../lib/random';
import { addDays, localDates, localToInstant, today, type LocalDate } from '../lib/time/zoned';
import { insertPlannedLine } from './invoice-lines';
import type { Tx } from './index';
import * as schema from './schema';

/**
 * The demo firm's year of invoices, made the way the app makes them: its
 * contract clients get a monthly contract; each of the last 12 months is
 * prepared by the same pure planner as "Prepare drafts" (lib/invoices/prepare.ts),
 * then finalised on the 1st of the next month with the next gapless number
 * of the firm's format and its payment terms. One invoice is voided (its time
 * goes on the next month's invoice), two past their due date stay unpaid, a
 * few recent ones are partly paid, the rest paid within terms. This month is
 * left unprepared, so the owner can press "Prepare drafts" and see drafts.
 *
 * No PDFs are drawn here: an invoice numbered without a stored file is drawn
 * from what it froze on its first download and kept from then on
 * (lib/dal/invoice-pdf.ts), which keeps seeding quick.
 */

type FirmRow = typeof schema.firms.$inferSelect;
type ClientRow = typeof schema.clients.$inferSelect;
type Issued = {
  id: number;
  clientId: number;
  contractId: number | null;
  number: string;
  issueDate: LocalDate;
  dueDate: LocalDate;
  /** The client's payment terms when it was made (0: due on receipt). */
  termsDays: number;
  totalCents: number;
};

const VOID_REASON = 'Sent to the wrong billing contact; the time is billed again on the next month’s invoice.';

/** The month before a month written "2026-12". */
const monthBefore = (month: string) => addDays(monthBounds(month).first, -1).slice(0, 7);

export function seedDemoInvoices(tx: Tx, firmId: number, userIds: number[], now: number): void {
  tx.update(schema.firms)
    .set({
      billingAddress: '1800 N Clybourn Ave, Suite 4\nChicago, IL 60614',
      paymentInstructions: 'Check payable to Northside Computer Consulting, or ACH to account 000123456 (routing 071000013).',
    })
    .where(eq(schema.firms.id, firmId))
    .run();
  const firm = tx.select().from(schema.firms).where(eq(schema.firms.id, firmId)).get()!;
  const clients = tx.select().from(schema.clients).where(eq(schema.clients.firmId, firmId)).all();
  const months: string[] = [];
  for (let m = monthBefore(today(firm.timeZone, now).slice(0, 7)); months.length < 12; m = monthBefore(m)) months.unshift(m);
  const contracts = seedContracts(tx, firm, clients, months[0]!);
  const pool = unbilledPool(tx, firm);
  // Each client is billed under its tier's terms, as the app bills it (lib/invoices/terms.ts).
  const tierTerms = tierTermsFrom(firm.tierTerms);
  const terms = new Map(clients.map((c) => [c.id, termsForClient(c, tierTerms).terms]));
  const issuer = new Issuer(tx, firm, clients, terms);
  for (const [i, month] of months.entries()) {
    const drafts = planMonth({
      month,
      clients: clients.map((c) => ({
        id: c.id,
        seats: c.seats,
        rateCents: c.hourlyRateCents,
        taxExempt: c.taxExempt,
        terms: terms.get(c.id)!,
      })),
      contracts,
      entries: [...pool.values()],
      prepared: new Set(),
      defaultTaxRateMilli: firm.defaultTaxRateMilli,
    });
    const issued = drafts.map((d) => issuer.issue(month, d, pool));
    // Half a year back, one hourly client's invoice went wrong: voided, its time billed again the month after.
    if (i === 6) {
      const wrong = issued.find((inv) => inv.contractId === null);
      if (wrong) voidInvoice(tx, firm, userIds[0]!, wrong, pool);
    }
  }
  seedPayments(tx, firm, issuer.finalised(), userIds[3]!, now);
}

/** A monthly managed-services contract for every active client paying a monthly fee, running since before the year shown. */
function seedContracts(tx: Tx, firm: FirmRow, clients: ClientRow[], firstMonth: string): MonthlyContract[] {
  for (const c of clients) {
    if (c.monthlyRecurringCents <= 0 || c.status !== 'active') continue;
    tx.insert(schema.contracts)
      .values({
        firmId: firm.id,
        clientId: c.id,
        name: 'Managed services',
        startDate: monthBounds(monthBefore(firstMonth)).first,
        monthlyFeeCents: c.monthlyRecurringCents,
      })
      .run();
  }
  return tx.select().from(schema.contracts).where(eq(schema.contracts.firmId, firm.id)).all();
}

/** Billable client work on no invoice yet, by id: what the planner may bill. */
function unbilledPool(tx: Tx, firm: FirmRow): Map<number, UnbilledEntry> {
  const toDate = localDates(firm.timeZone);
  const rows = tx
    .select()
    .from(schema.timeEntries)
    .where(and(eq(schema.timeEntries.firmId, firm.id), isNull(schema.timeEntries.invoiceLineId), gt(schema.timeEntries.amountCents, 0)))
    .all()
    .filter((e) => e.clientId !== null && isBilledCategory(e.category));
  return new Map(
    rows.map((e) => [
      e.id,
      { id: e.id, clientId: e.clientId!, day: toDate(e.startedAt), minutes: e.minutes, amountCents: e.amountCents, onSite: isOnSite(e) },
    ]),
  );
}

/** Finalises planned drafts as the app does: gapless numbers per run of the format, dated the 1st of the next month. */
class Issuer {
  private readonly seqs = new Map<string, number>();
  private readonly all: Issued[] = [];
  private readonly clients: Map<number, ClientRow>;

  constructor(
    private readonly tx: Tx,
    private readonly firm: FirmRow,
    clients: ClientRow[],
    private readonly terms: Map<number, BillingTerms>,
  ) {
    this.clients = new Map(clients.map((c) => [c.id, c]));
  }

  issue(month: string, draft: PlannedDraft, pool: Map<number, UnbilledEntry>): Issued {
    const { tx, firm } = this;
    const issueDate = addDays(monthBounds(month).last, 1);
    const seqScope = sequenceScope(firm.invoiceNumberFormat, issueDate);
    const seq = (this.seqs.get(seqScope) ?? 0) + 1;
    this.seqs.set(seqScope, seq);
    const number = formatInvoiceNumber(firm.invoiceNumberFormat, seq, issueDate);
    const termsDays = this.terms.get(draft.clientId)!.paymentTermsDays;
    const dueDate = addDays(issueDate, termsDays);
    const priced = draft.lines.map((l) => ({ line: l, ...priceLine(l) }));
    const finalisedAt = localToInstant(issueDate, 9 * 60, firm.timeZone);
    const { id } = tx
      .insert(schema.invoices)
      .values({
        firmId: firm.id,
        clientId: draft.clientId,
        status: 'finalised',
        periodStart: draft.periodStart,
        periodEnd: draft.periodEnd,
        number,
        seq,
        seqScope,
        issueDate,
        dueDate,
        paymentTermsDays: termsDays,
        printed: printedNow(firm, this.clients.get(draft.clientId)!),
        ...invoiceTotals(priced),
        sentAt: finalisedAt + 15 * 60_000,
        finalisedAt,
        preparedFor: month,
        contractId: draft.contractId,
        createdAt: finalisedAt - 60 * 60_000,
      })
      .returning({ id: schema.invoices.id })
      .get();
    priced.forEach(({ line, amountCents, taxCents }, i) => {
      insertPlannedLine(tx, { firmId: firm.id, invoiceId: id, position: i + 1 }, line, { amountCents, taxCents });
      for (const e of line.entryIds) pool.delete(e);
    });
    const issued: Issued = {
      id,
      clientId: draft.clientId,
      contractId: draft.contractId,
      number,
      issueDate,
      dueDate,
      termsDays,
      totalCents: invoiceTotals(priced).totalCents,
    };
    this.all.push(issued);
    return issued;
  }

  /** Every invoice issued and not voided, in the order they were numbered. */
  finalised(): Issued[] {
    const voided = new Set(
      this.tx
        .select({ id: schema.invoices.id })
        .from(schema.invoices)
        .where(and(eq(schema.invoices.firmId, this.firm.id), eq(schema.invoices.status, 'void')))
        .all()
        .map((r) => r.id),
    );
    return this.all.filter((i) => !voided.has(i.id));
  }
}

/** Voids an invoice a few days after it went out, as the app does: number kept, reason audited, its time released for re-billing. */
function voidInvoice(tx: Tx, firm: FirmRow, ownerId: number, invoice: Issued, pool: Map<number, UnbilledEntry>): void {
  const voidedAt = localToInstant(addDays(invoice.issueDate, 3), 10 * 60, firm.timeZone);
  const lineIds = tx
    .select({ id: schema.invoiceLines.id })
    .from(schema.invoiceLines)
    .where(eq(schema.invoiceLines.invoiceId, invoice.id))
    .all()
    .map((l) => l.id);
  const toDate = localDates(firm.timeZone);
  const released = tx.select().from(schema.timeEntries).where(inArray(schema.timeEntries.invoiceLineId, lineIds)).all();
  tx.update(schema.timeEntries).set({ invoiceLineId: null }).where(inArray(schema.timeEntries.invoiceLineId, lineIds)).run();
  for (const e of released)
    pool.set(e.id, {
      id: e.id,
      clientId: e.clientId!,
      day: toDate(e.startedAt),
      minutes: e.minutes,
      amountCents: e.amountCents,
      onSite: isOnSite(e),
    });
  tx.update(schema.invoices).set({ status: 'void', voidedAt, voidReason: VOID_REASON }).where(eq(schema.invoices.id, invoice.id)).run();
  tx.insert(schema.auditLog)
    .values({
      firmId: firm.id,
      actorUserId: ownerId,
      action: 'invoice.voided',
      entityType: 'invoice',
      entityId: invoice.id,
      before: { number: invoice.number },
      after: { reason: VOID_REASON },
      at: voidedAt,
    })
    .run();
}

/**
 * Money received. Two hourly clients' invoices past their due date stay
 * unpaid (one a few weeks late, one over a month when the year allows): the
 * receivables' overdue calls. Every other invoice past due was paid within
 * its terms, some of the contract ones in two parts. Of those not yet due,
 * some are paid, some partly paid, the rest still open.
 */
function seedPayments(tx: Tx, firm: FirmRow, invoices: Issued[], staffId: number, now: number): void {
  const rand = seededRandom(20261201);
  const on = today(firm.timeZone, now);
  const overdue = pickOverdue(invoices, on);
  const pay = (inv: Issued, amountCents: number, lastDay: LocalDate, part = '') => {
    const span = Math.max(0, daysPastDue(inv.issueDate, lastDay));
    const receivedOn = addDays(inv.issueDate, Math.floor(rand() * (span + 1)));
    const byContract = inv.contractId !== null;
    tx.insert(schema.payments)
      .values({
        firmId: firm.id,
        invoiceId: inv.id,
        receivedOn,
        amountCents,
        method: byContract ? 'bank_transfer' : 'check',
        reference: byContract ? `ACH ${inv.number}${part}` : `Check ${1000 + Math.floor(rand() * 9000)}`,
        createdByUserId: staffId,
        createdAt: localToInstant(receivedOn, 16 * 60, firm.timeZone),
      })
      .run();
  };
  let current = 0;
  for (const inv of invoices) {
    if (overdue.has(inv.id) || inv.totalCents <= 0) continue;
    if (on > inv.dueDate) {
      const inTwo = inv.contractId !== null && inv.id % 4 === 0;
      const first = inTwo ? Math.floor(inv.totalCents / 2) : inv.totalCents;
      const firstBy = inTwo ? addDays(inv.issueDate, Math.floor(inv.termsDays / 2)) : inv.dueDate;
      pay(inv, first, firstBy, inTwo ? ' (1 of 2)' : '');
      if (inTwo) pay({ ...inv, issueDate: firstBy }, inv.totalCents - first, inv.dueDate, ' (2 of 2)');
      continue;
    }
    // Not yet due: a few partly paid, some paid already, the rest open.
    const lastDay = on < inv.dueDate ? on : inv.dueDate;
    const k = current++ % 5;
    if (k === 0 && inv.totalCents >= 2) pay(inv, partOf(inv.totalCents), lastDay);
    else if (k === 1 || k === 2) pay(inv, inv.totalCents, lastDay);
  }
}

/** About half of a total, in whole dollars when it can be: a deposit-like partial payment, never the whole. */
function partOf(totalCents: number): number {
  const dollars = Math.floor(totalCents / 200) * 100;
  return dollars > 0 ? dollars : Math.floor(totalCents / 2);
}

/** The two invoices left unpaid past their due date: hourly clients, two different ones, the second a month older if possible. */
function pickOverdue(invoices: Issued[], on: LocalDate): Set<number> {
  const pastDue = invoices
    .filter((i) => i.contractId === null && i.totalCents > 0 && on > i.dueDate)
    .sort((a, b) => b.dueDate.localeCompare(a.dueDate) || a.clientId - b.clientId);
  const first = pastDue[0];
  if (!first) return new Set();
  const others = pastDue.filter((i) => i.clientId !== first.clientId);
  const second = others.find((i) => daysPastDue(i.dueDate, on) > 30) ?? others[0];
  return new Set([first.id, ...(second ? [second.id] : [])]);
}
