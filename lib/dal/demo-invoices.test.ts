/**
 * The demo's year of invoices keeps the books straight on any seed day: every
 * billed entry is on exactly one invoice that counts, totals are sums of
 * lines, payments never exceed totals and fall within terms, numbers run
 * without gaps, exactly one invoice is void and exactly two are overdue, and
 * this month is left for "Prepare drafts".
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { afterAll, describe, expect, it } from 'vitest';
import { getDb, openDatabase, type DB } from '@/db';
import * as schema from '@/db/schema';
import { seedDemo } from '@/db/seed';
import { agingReport } from '@/lib/invoices/aging';
import { formatInvoiceNumber } from '@/lib/invoices/numbering';
import { invoiceState } from '@/lib/invoices/status';
import { priceEntry, termsForClient, tierTermsFrom } from '@/lib/invoices/terms';
import { isBilledCategory } from '@/lib/money';
import { localToInstant, today } from '@/lib/time/zoned';
import { asMember } from '@/test/factories';
import { getInvoicePdf } from './invoice-pdf';
import { prepareMonthInvoices, preparedCount } from './prepare-invoices';
import { getReceivables } from './receivables';

const ZONE = 'America/Chicago'; // the demo firm's
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sweetspot-demo-invoices-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Seed days: mid-month, the 1st (this month's invoices issued today), a year's end and start, a month end, a DST change. */
const MOMENTS = ['2026-03-09T07:55', '2026-12-01T08:00', '2026-12-31T16:00', '2027-01-04T10:00', '2026-02-28T23:30', '2026-11-01T13:00'];

type Problems = string[];

function books(db: DB, firmId: number, on: string) {
  const invoices = db.select().from(schema.invoices).where(eq(schema.invoices.firmId, firmId)).all();
  const lines = db.select().from(schema.invoiceLines).where(eq(schema.invoiceLines.firmId, firmId)).all();
  const entries = db.select().from(schema.timeEntries).where(eq(schema.timeEntries.firmId, firmId)).all();
  const payments = db.select().from(schema.payments).where(eq(schema.payments.firmId, firmId)).all();
  const received = new Map<number, number>();
  for (const p of payments) if (p.reversedAt === null) received.set(p.invoiceId, (received.get(p.invoiceId) ?? 0) + p.amountCents);
  const paid = (id: number) => received.get(id) ?? 0;
  const states = invoices.map((i) => ({ i, state: invoiceState(i, paid(i.id), on) }));
  return { invoices, lines, entries, payments, paid, states };
}

/** Every broken rule of the seeded books, in words. */
function brokenBooks(db: DB, firmId: number, now: number): Problems {
  const out: Problems = [];
  const on = today(ZONE, now);
  const monthStart = localToInstant(`${on.slice(0, 7)}-01`, 0, ZONE);
  const { invoices, lines, entries, payments, paid } = books(db, firmId, on);
  const byId = new Map(invoices.map((i) => [i.id, i]));
  const invoiceOf = new Map(lines.map((l) => [l.id, byId.get(l.invoiceId)!]));
  // A time line bills its entries priced under the client's terms (increment and minimum: lib/invoices/terms.ts).
  const firm = db.select().from(schema.firms).where(eq(schema.firms.id, firmId)).get()!;
  const clients = db.select().from(schema.clients).where(eq(schema.clients.firmId, firmId)).all();
  const termsOf = new Map(clients.map((c) => [c.id, termsForClient(c, tierTermsFrom(firm.tierTerms)).terms]));
  const billedOn = new Map<number, number>();
  for (const e of entries)
    if (e.invoiceLineId !== null)
      billedOn.set(e.invoiceLineId, (billedOn.get(e.invoiceLineId) ?? 0) + priceEntry(e, termsOf.get(e.clientId!)!).amountCents);
  const linesOf = new Map<number, typeof lines>();
  for (const l of lines) linesOf.set(l.invoiceId, [...(linesOf.get(l.invoiceId) ?? []), l]);
  for (const e of entries) {
    const billable = e.clientId !== null && e.amountCents > 0 && isBilledCategory(e.category);
    const inv = e.invoiceLineId === null ? null : invoiceOf.get(e.invoiceLineId);
    if (e.invoiceLineId !== null && !inv) out.push(`entry ${e.id} points at no line`);
    if (inv && inv.status !== 'finalised') out.push(`entry ${e.id} is on a ${inv.status} invoice`);
    if (inv && inv.clientId !== e.clientId) out.push(`entry ${e.id} is on another client's invoice`);
    if (billable && e.startedAt < monthStart && !inv) out.push(`billable entry ${e.id} of an earlier month is on no invoice`);
    if (e.startedAt >= monthStart && inv) out.push(`entry ${e.id} of this month is already invoiced`);
    if (!billable && inv) out.push(`unbillable entry ${e.id} is invoiced`);
  }
  for (const inv of invoices) {
    const own = linesOf.get(inv.id) ?? [];
    const sub = own.reduce((s, l) => s + l.amountCents, 0);
    const tax = own.reduce((s, l) => s + l.taxCents, 0);
    if (inv.subtotalCents !== sub || inv.taxCents !== tax || inv.totalCents !== sub + tax)
      out.push(`${inv.number}: totals are not sums of lines`);
    for (const l of own.filter((x) => x.kind === 'time' && inv.status === 'finalised')) {
      const billed = billedOn.get(l.id) ?? 0;
      if (billed !== l.amountCents) out.push(`${inv.number}: a time line is not the sum of its entries`);
    }
    if (paid(inv.id) > inv.totalCents) out.push(`${inv.number}: paid more than its total`);
    if (inv.status === 'void' && paid(inv.id) > 0) out.push(`${inv.number}: void with money received`);
    if (inv.status === 'draft') out.push(`invoice ${inv.id} is a draft`);
  }
  for (const p of payments) {
    const inv = byId.get(p.invoiceId)!;
    if (p.receivedOn < inv.issueDate! || p.receivedOn > inv.dueDate! || p.receivedOn > on)
      out.push(`${inv.number}: paid on ${p.receivedOn}, outside its terms`);
  }
  return out;
}

// Each seed draws a year of work for a whole firm: several seconds on a busy machine.
describe('the demo year of invoices', { timeout: 60_000 }, () => {
  for (const moment of MOMENTS) {
    it(`is consistent when seeded at ${moment}`, () => {
      const now = DateTime.fromISO(moment, { zone: ZONE }).toMillis();
      const on = today(ZONE, now);
      const db = openDatabase(path.join(dir, `${moment.replace(/:/g, '')}.db`));
      try {
        const { firmId } = seedDemo(db, now);
        expect(brokenBooks(db, firmId, now)).toEqual([]);
        const { invoices, states, paid } = books(db, firmId, on);
        // Twelve months prepared, none for this month, each issued on the 1st of the next.
        const months = new Set(invoices.map((i) => i.preparedFor));
        expect(months.size).toBe(12);
        expect(months.has(on.slice(0, 7))).toBe(false);
        expect(invoices.every((i) => i.issueDate!.endsWith('-01') && i.issueDate! <= on)).toBe(true);
        // Gapless in the firm's format: per year of issue, 1..n in issue order.
        const byScope = new Map<string, typeof invoices>();
        for (const i of [...invoices].sort((a, b) => a.issueDate!.localeCompare(b.issueDate!) || a.id - b.id))
          byScope.set(i.seqScope!, [...(byScope.get(i.seqScope!) ?? []), i]);
        for (const run of byScope.values())
          run.forEach((i, k) => expect(i.number).toBe(formatInvoiceNumber('{YYYY}-{seq:4}', k + 1, i.issueDate!)));
        // One void, with its reason; its client's time billed again on a later invoice.
        const voids = invoices.filter((i) => i.status === 'void');
        expect(voids).toHaveLength(1);
        expect(voids[0]!.voidReason).toBeTruthy();
        expect(
          invoices.some((i) => i.status === 'finalised' && i.clientId === voids[0]!.clientId && i.issueDate! > voids[0]!.issueDate!),
        ).toBe(true);
        const count = (s: string) => states.filter((x) => x.state === s).length;
        expect(count('overdue')).toBe(2);
        expect(count('partially_paid')).toBeGreaterThan(0);
        expect(count('paid')).toBeGreaterThan(invoices.length / 2);
        // The receivables report has exactly those two invoices past due.
        const report = agingReport(
          states
            .filter((x) => x.i.status === 'finalised')
            .map(({ i }) => ({ clientId: i.clientId, clientName: '', dueDate: i.dueDate!, balanceCents: i.totalCents - paid(i.id) })),
          on,
        );
        const overdueCents = states.filter((x) => x.state === 'overdue').reduce((s, x) => s + x.i.totalCents, 0);
        expect(report.totalCents - report.firm.current).toBe(overdueCents);
        expect(report.rows.filter((r) => r.totalCents > r.buckets.current)).toHaveLength(2);
      } finally {
        db.$client.close();
      }
    });
  }

  it('shows two overdue invoices in the receivables and leaves this month for "Prepare drafts"', async () => {
    const now = Date.now();
    const { firmId } = seedDemo(getDb(), now);
    const owner = getDb()
      .select()
      .from(schema.users)
      .where(and(eq(schema.users.firmId, firmId), eq(schema.users.role, 'owner')))
      .get()!;
    const member = asMember(owner);
    const receivables = getReceivables(member, now);
    expect(receivables.rows.filter((r) => r.totalCents > r.buckets.current)).toHaveLength(2);
    expect(receivables.totalCents).toBeGreaterThan(0);
    // The seed draws no PDF: the first download draws one from what the invoice froze, and keeps it.
    const first = getDb().select().from(schema.invoices).where(eq(schema.invoices.firmId, firmId)).orderBy(schema.invoices.id).get()!;
    const pdf = getInvoicePdf(member, first.id, now);
    expect(pdf.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(getInvoicePdf(member, first.id, now).bytes.equals(pdf.bytes)).toBe(true);
    const month = today(ZONE, now).slice(0, 7);
    expect(preparedCount(member, month)).toBe(0);
    const result = await prepareMonthInvoices(member, month);
    // Every contract client (eight of them) and the hourly clients with work this month.
    expect(result.created).toBeGreaterThanOrEqual(8);
    expect(preparedCount(member, month)).toBe(result.created);
    expect(brokenBooks(getDb(), firmId, now).filter((p) => !/draft|of this month is already/.test(p))).toEqual([]);
  });
});
