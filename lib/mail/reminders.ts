/**
 * The reminders nobody's action causes: the day before a booked visit, and
 * every OVERDUE_EVERY_DAYS while a sent invoice stays unpaid past its due
 * date. A timer (instrumentation.ts) runs this; each reminder's message key
 * names what it is for (the visit and its start, the invoice and which
 * round), so running twice, or in two processes at once, writes it once.
 * Both are optional messages: an address that opted out gets none.
 *
 * Plain module (no `server-only`): it runs outside any request.
 */
import { and, eq, gt, isNotNull, lte, ne, sql } from 'drizzle-orm';
import type { DB } from '../../db';
import * as schema from '../../db/schema';
import { formatExactMoney } from '../format';
import { dayLabel } from '../time/format';
import { DAY_MS, HOUR_MS } from '../time/units';
import { today } from '../time/zoned';
import { invoiceOverdueMail, visitReminderMail } from './client-messages';
import { enqueueOptional, firmMaySend } from './recipients';
import { visitMailContext } from './visit-facts';

/** A visit starting within this much from now gets its reminder. */
export const REMIND_BEFORE_MS = DAY_MS;
/** An overdue invoice's reminder goes again after this many days. */
export const OVERDUE_EVERY_DAYS = 7;

export type ReminderCounts = { visits: number; invoices: number };

export function enqueueDueReminders(db: DB, now: number): ReminderCounts {
  return db.transaction((tx) => ({ visits: visitReminders(tx, now), invoices: overdueReminders(tx, now) }), { behavior: 'immediate' });
}

type Tx = Parameters<Parameters<DB['transaction']>[0]>[0];

function visitReminders(tx: Tx, now: number): number {
  const v = schema.visits;
  const due = tx
    .select({ id: v.id, startsAt: v.startsAt, updatedAt: v.updatedAt })
    .from(v)
    .innerJoin(schema.publicRequests, eq(schema.publicRequests.visitId, v.id))
    .where(and(eq(v.status, 'scheduled'), gt(v.startsAt, now + HOUR_MS), lte(v.startsAt, now + REMIND_BEFORE_MS)))
    .all();
  let n = 0;
  for (const visit of due) {
    // Booked less than a day ahead: the booking mail has just said when.
    if (visit.updatedAt > visit.startsAt! - REMIND_BEFORE_MS) continue;
    const ctx = visitMailContext(tx, visit.id, now);
    if (!ctx || !firmMaySend(tx, ctx.facts.firmId)) continue;
    if (enqueueOptional(tx, visitReminderMail(ctx.facts), now, `visit-reminder.${visit.id}.${visit.startsAt}`) !== null) n++;
  }
  return n;
}

const paid = sql<number>`coalesce((select sum(p.amount_cents) from payments p where p.invoice_id = ${schema.invoices.id} and p.reversed_at is null), 0)`;

function overdueReminders(tx: Tx, now: number): number {
  const i = schema.invoices;
  const rows = tx
    .select({
      id: i.id,
      firmId: i.firmId,
      number: i.number,
      dueDate: i.dueDate,
      total: i.totalCents,
      paid,
      zone: schema.firms.timeZone,
      firmName: schema.firms.name,
      email: schema.clients.email,
      contact: schema.clients.contactName,
    })
    .from(i)
    .innerJoin(schema.firms, eq(schema.firms.id, i.firmId))
    .innerJoin(schema.clients, eq(schema.clients.id, i.clientId))
    .where(and(eq(i.status, 'finalised'), isNotNull(i.sentAt), isNotNull(i.dueDate), ne(schema.clients.email, '')))
    .all();
  let n = 0;
  for (const r of rows) {
    const owed = r.total - r.paid;
    const days = daysBetween(r.dueDate!, today(r.zone, now));
    if (owed <= 0 || days < 1 || !firmMaySend(tx, r.firmId)) continue;
    const round = Math.floor((days - 1) / OVERDUE_EVERY_DAYS);
    const facts = {
      firmId: r.firmId,
      firmName: r.firmName,
      to: r.email,
      name: r.contact,
      number: r.number ?? '',
      total: formatExactMoney(r.total),
      owed: formatExactMoney(owed),
      dueDate: dayLabel(r.dueDate!, { thisYear: Number(today(r.zone, now).slice(0, 4)) }),
    };
    if (enqueueOptional(tx, invoiceOverdueMail(facts, days), now, `invoice-overdue.${r.id}.${round}`) !== null) n++;
  }
  return n;
}

const daysBetween = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
