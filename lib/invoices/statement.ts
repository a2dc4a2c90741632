import type { LocalDate } from '@/lib/time/zoned';

export type StatementInvoice = { number: string; issueDate: LocalDate; dueDate: LocalDate; totalCents: number };
export type StatementPayment = { invoiceNumber: string; receivedOn: LocalDate; amountCents: number; method: string; reference: string };
export type StatementRow = {
  date: LocalDate;
  kind: 'invoice' | 'payment';
  description: string;
  /** An invoice's due date, printed beside it. */
  dueDate: LocalDate | null;
  chargeCents: number;
  paymentCents: number;
  balanceCents: number;
};
export type Statement = { from: LocalDate; to: LocalDate; openingCents: number; rows: StatementRow[]; closingCents: number };

/**
 * A client's account over a period: what it owed before `from` (invoices
 * issued less payments received before then), each invoice and payment in
 * the period in date order with the running balance, and what it owes at
 * the end. Void invoices and reversed payments are not passed in: for the
 * client they never happened. On one day an invoice comes before the
 * payments of that day.
 */
export function clientStatement(invoices: StatementInvoice[], payments: StatementPayment[], from: LocalDate, to: LocalDate): Statement {
  const before = (d: LocalDate) => d < from;
  const within = (d: LocalDate) => d >= from && d <= to;
  const openingCents =
    invoices.filter((i) => before(i.issueDate)).reduce((s, i) => s + i.totalCents, 0) -
    payments.filter((p) => before(p.receivedOn)).reduce((s, p) => s + p.amountCents, 0);
  const events = [
    ...invoices
      .filter((i) => within(i.issueDate))
      .map((i) => ({
        date: i.issueDate,
        order: 0,
        kind: 'invoice' as const,
        description: `Invoice ${i.number}`,
        charge: i.totalCents,
        payment: 0,
        dueDate: i.dueDate as LocalDate | null,
      })),
    ...payments
      .filter((p) => within(p.receivedOn))
      .map((p) => ({
        date: p.receivedOn,
        order: 1,
        kind: 'payment' as const,
        description: `Payment on ${p.invoiceNumber}, ${p.method.replace('_', ' ')}${p.reference ? ` ${p.reference}` : ''}`,
        charge: 0,
        payment: p.amountCents,
        dueDate: null,
      })),
  ].sort((a, b) => a.date.localeCompare(b.date) || a.order - b.order);
  let balance = openingCents;
  const rows = events.map((e) => {
    balance += e.charge - e.payment;
    return {
      date: e.date,
      kind: e.kind,
      description: e.description,
      dueDate: e.dueDate,
      chargeCents: e.charge,
      paymentCents: e.payment,
      balanceCents: balance,
    };
  });
  return { from, to, openingCents, rows, closingCents: balance };
}
