import 'server-only';
import { and, eq, gt, isNotNull, isNull, lte, notInArray, sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { getDb, schema } from '@/db';
import { assertCan } from '@/lib/permissions';
import { today, type LocalDate } from '@/lib/time/zoned';
import { firmTimeZone } from './internal/firm';
import { cached } from './internal/metrics-cache';
import { paidColumn } from './internal/invoices';
import type { Member } from './session';

/**
 * Invoiced money, apart from the hours-based figures of the dashboard (owner
 * and staff): what was invoiced, what is still owed, and what is worked but
 * not yet on any invoice. Each is its own figure; none is added to another.
 */
export type InvoicedMoneyDTO = {
  /** The first issue date counted (the day after the same date a year ago) and today, the firm's dates. */
  since: LocalDate;
  today: LocalDate;
  /** Finalised invoices issued since then, before tax (void invoices never count). */
  invoicedCents: number;
  invoiceCount: number;
  /** Still owed on finalised invoices, and the part of it past its due date. */
  owedCents: number;
  overdueCents: number;
  overdueCount: number;
  /** Work in progress: billable client time on no invoice (not even a draft), at the amounts it was recorded with. */
  unbilledCents: number;
  unbilledMinutes: number;
};

/**
 * Read on every view of the dashboard by the owner and staff. The unbilled sum runs over every time entry not on an
 * invoice: about 125 ms for a firm with 200,000 of them, so the figures are kept per firm and day in the data cache of
 * ./internal/metrics-cache.ts, which any write empties.
 */
export function getInvoicedMoney(member: Member, now = Date.now()): InvoicedMoneyDTO {
  assertCan(member.role, 'invoices.read');
  const on = today(firmTimeZone(getDb(), member.firmId), now);
  return cached(`invoiced-money:${on}`, member.firmId, now, () => computeInvoicedMoney(member.firmId, on));
}

function computeInvoicedMoney(firmId: number, on: LocalDate): InvoicedMoneyDTO {
  const db = getDb();
  const since = DateTime.fromISO(on, { zone: 'utc' }).minus({ years: 1 }).plus({ days: 1 }).toISODate()!;
  const finalised = and(eq(schema.invoices.firmId, firmId), eq(schema.invoices.status, 'finalised'));
  const invoiced = db
    .select({ cents: sql<number>`coalesce(sum(${schema.invoices.subtotalCents}), 0)`, n: sql<number>`count(*)` })
    .from(schema.invoices)
    .where(and(finalised, sql`${schema.invoices.issueDate} >= ${since}`, lte(schema.invoices.issueDate, on)))
    .get()!;
  const open = db
    .select({ dueDate: schema.invoices.dueDate, totalCents: schema.invoices.totalCents, paid: paidColumn })
    .from(schema.invoices)
    .where(finalised)
    .all()
    .map((i) => ({ overdue: i.dueDate !== null && on > i.dueDate, owed: Math.max(0, i.totalCents - i.paid) }))
    .filter((i) => i.owed > 0);
  const overdue = open.filter((i) => i.overdue);
  const unbilled = db
    .select({
      cents: sql<number>`coalesce(sum(${schema.timeEntries.amountCents}), 0)`,
      minutes: sql<number>`coalesce(sum(${schema.timeEntries.minutes}), 0)`,
    })
    .from(schema.timeEntries)
    .where(
      and(
        eq(schema.timeEntries.firmId, firmId),
        isNull(schema.timeEntries.invoiceLineId),
        isNotNull(schema.timeEntries.clientId),
        gt(schema.timeEntries.amountCents, 0),
        // Marketing and admin time is never billed (lib/money.ts isBilledCategory).
        notInArray(schema.timeEntries.category, ['marketing', 'admin']),
      ),
    )
    .get()!;
  return {
    since,
    today: on,
    invoicedCents: invoiced.cents,
    invoiceCount: invoiced.n,
    owedCents: open.reduce((s, i) => s + i.owed, 0),
    overdueCents: overdue.reduce((s, i) => s + i.owed, 0),
    overdueCount: overdue.length,
    unbilledCents: unbilled.cents,
    unbilledMinutes: unbilled.minutes,
  };
}
