import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb, schema } from '@/db';
import { seedDemo } from '@/db/seed';
import { addDays, localToInstant, monthsBefore } from '@/lib/time/zoned';
import { asMember, makeFirm, makeUser } from '@/test/factories';
import { listClients } from './client-list';
import { getClient } from './clients';
import { firmTotals12m } from './dashboard';
import { clientRevenue } from './internal/revenue';
import { retier } from './internal/tiering';
import { writeTransaction } from './internal/write';

/**
 * Revenue reads invoices where there are any and recorded amounts where there
 * are none, never both for the same money. The clock is frozen at NOW: the
 * 12-month window starts on 2025-12-02 at noon and the 4-week one on 2026-11-04.
 */
const ZONE = 'America/Chicago'; // the factories' firm zone
const NOW = localToInstant('2026-12-02', 12 * 60, ZONE);
const at = (day: string, hour = 10) => localToInstant(day, hour * 60, ZONE);

function setup() {
  const firm = makeFirm();
  const owner = asMember(makeUser(firm.id, 'owner'));
  const user = makeUser(firm.id, 'consultant');
  let seq = 0;
  const client = (name: string, extra: Partial<typeof schema.clients.$inferInsert> = {}) =>
    getDb()
      .insert(schema.clients)
      .values({ firmId: firm.id, name, seats: 4, tier: 'micro', tierReason: '', hourlyRateCents: 10_000, ...extra })
      .returning()
      .get().id;
  const entry = (clientId: number, day: string, minutes: number, amountCents: number) =>
    getDb()
      .insert(schema.timeEntries)
      .values({ firmId: firm.id, userId: user.id, clientId, category: 'micro', startedAt: at(day), minutes, amountCents })
      .returning()
      .get().id;
  /** An invoice of `status` for a month, issued on the 1st of the next; its lines bill `entryIds` plus a fixed fee. */
  const invoice = (
    clientId: number,
    month: string,
    subtotalCents: number,
    entryIds: number[] = [],
    status: 'draft' | 'finalised' | 'void' = 'finalised',
  ) => {
    const periodEnd = addDays(`${addDays(`${month}-28`, 4).slice(0, 7)}-01`, -1);
    const finalised = status !== 'draft';
    const inv = getDb()
      .insert(schema.invoices)
      .values({
        firmId: firm.id,
        clientId,
        status,
        periodStart: `${month}-01`,
        periodEnd,
        ...(finalised
          ? { number: `R-${++seq}`, seq, seqScope: 'r', issueDate: addDays(periodEnd, 1), dueDate: addDays(periodEnd, 31) }
          : {}),
        subtotalCents,
        totalCents: subtotalCents,
      })
      .returning()
      .get();
    const line = getDb()
      .insert(schema.invoiceLines)
      .values({ firmId: firm.id, invoiceId: inv.id, position: 1, kind: 'time', description: 'Work', amountCents: subtotalCents })
      .returning()
      .get();
    // A void invoice has released its entries (lib/dal/invoice-lifecycle.ts): they are on no line.
    if (entryIds.length && status !== 'void')
      for (const id of entryIds)
        getDb().update(schema.timeEntries).set({ invoiceLineId: line.id }).where(eq(schema.timeEntries.id, id)).run();
    return inv.id;
  };
  const charge = (clientId: number, day: string, amountCents: number) =>
    getDb()
      .insert(schema.charges)
      .values({ firmId: firm.id, clientId, billedAt: at(day, 9), amountCents })
      .run();
  return { firm, owner, client, entry, invoice, charge };
}

const months = (first: string, n: number) =>
  Array.from({ length: n }, (_, i) => {
    const [y, m] = first.split('-').map(Number) as [number, number];
    const d = new Date(Date.UTC(y, m - 1 + i, 1));
    return d.toISOString().slice(0, 7);
  });

describe('revenue: invoiced money, and recorded amounts only for work not yet invoiced', () => {
  it('counts an hourly client’s finalised invoices at what they billed and each other entry once at its recorded amount', () => {
    const { firm, owner, client, entry, invoice } = setup();
    const c = client('Harbor Yoga');
    // Before the window, on an invoice issued before it: nothing.
    invoice(c, '2025-10', 9_999, [entry(c, '2025-10-15', 60, 10_000)]);
    // Worked in December 2025, billed on 2026-01-01 at $200 (the terms' minimum): the invoice's $200, not the entry's $180 or both.
    invoice(c, '2025-12', 20_000, [entry(c, '2025-12-20', 108, 18_000)]);
    // October: two entries billed together at $150, with a trip fee.
    invoice(c, '2026-10', 15_000, [entry(c, '2026-10-05', 45, 7_500), entry(c, '2026-10-06', 30, 5_000)]);
    // September's invoice was voided: its entry is billable again and counts at its recorded amount; the void invoice not at all.
    invoice(c, '2026-09', 99_900, [entry(c, '2026-09-01', 60, 10_000)], 'void');
    // November's work is on a draft: a draft bills nothing yet, so the entry counts.
    invoice(c, '2026-11', 77_700, [entry(c, '2026-11-10', 30, 5_000)], 'draft');
    entry(c, '2026-11-20', 45, 7_500); // unbilled
    entry(c, '2026-12-03', 60, 10_000); // after NOW: not yet worked

    const expected12m = 20_000 + 15_000 + 10_000 + 5_000 + 7_500;
    const expected4w = 5_000 + 7_500; // since 2026-11-04 noon: nothing was issued, two entries were worked
    expect(clientRevenue(firm.id, ZONE, NOW, [monthsBefore(NOW, ZONE, 12), NOW - 28 * 86_400_000]).get(c)).toEqual([
      expected12m,
      expected4w,
    ]);
    const row = getClient(owner, c, NOW);
    expect([row.revenue12mCents, row.revenue4wCents, row.minutes12m]).toEqual([expected12m, expected4w, 108 + 45 + 30 + 60 + 30 + 45]);
    expect(row.effectiveRateCents).toBe(Math.round((expected12m * 60) / 318));
    expect(firmTotals12m(owner, NOW)).toEqual({ revenueCents: expected12m, minutes: 318 });
  });

  it('counts a contract client’s charges only until its invoices begin: the demo’s fees are charged and invoiced, and count once', () => {
    const { owner, client, charge, invoice } = setup();
    // As the demo seeds it: a $500 fee charged on the 1st of each month (13 of them) and invoiced for each of the last 12 full months.
    const contract = client('Acme Dental', { seats: 14, hasServer: true });
    for (const m of months('2025-12', 13)) charge(contract, `${m}-01`, 50_000);
    for (const m of months('2025-12', 12)) invoice(contract, m, 50_000);
    // A firm that upgraded: charges for January to June, invoices from July (issued August to December).
    const upgraded = client('Lakeside Clinic', { seats: 12, hasServer: true });
    for (const m of months('2026-01', 6)) charge(upgraded, `${m}-01`, 40_000);
    for (const m of months('2026-07', 5)) invoice(upgraded, m, 45_000);
    // Never invoiced: every charge in the window counts (2026-01-01 to 2026-12-01; 2025-12-01 is before it).
    const legacy = client('Old Town Law', { seats: 12, hasServer: true });
    for (const m of months('2025-12', 13)) charge(legacy, `${m}-01`, 30_000);

    const rows = new Map(listClients(owner, {}, NOW).rows.map((r) => [r.id, r.revenue12mCents]));
    expect(rows.get(contract)).toBe(12 * 50_000); // not 13 × (the December charge) nor 24 × (charges and invoices)
    expect(rows.get(upgraded)).toBe(6 * 40_000 + 5 * 45_000);
    expect(rows.get(legacy)).toBe(12 * 30_000);
  });

  it('tiers a client by what it was invoiced: a contract fee on a finalised invoice lifts it into the sweet spot, its hours counted once', () => {
    const { firm, client, entry, invoice } = setup();
    const c = client('Lakeside Clinic', { seats: 12, hasServer: true });
    // $3,000 of recorded work, on an invoice that also bills a $2,500 fee: $5,500 invoiced, over the $5,000 line.
    const work = [entry(c, '2026-06-10', 600, 150_000), entry(c, '2026-06-11', 600, 150_000)];
    invoice(c, '2026-06', 550_000, work);
    writeTransaction((tx) => retier(tx, firm.id, NOW));
    const row = getDb().select().from(schema.clients).where(eq(schema.clients.id, c)).get()!;
    expect(row.tier).toBe('sweet_spot');
    expect(row.tierReason).toContain('$5,500 billed in 12 months');
  });

  it('counts the demo firm’s fees once: its contract clients are charged and invoiced for the same months, and their revenue is the invoices', () => {
    const { firmId } = seedDemo(getDb(), NOW);
    const since = monthsBefore(NOW, ZONE, 12);
    const sqlite = getDb().$client;
    const figures = sqlite
      .prepare(
        `select c.id, c.name, c.monthly_recurring_cents as fee,
           (select coalesce(sum(subtotal_cents), 0) from invoices i
             where i.client_id = c.id and i.status = 'finalised' and i.issue_date >= '2025-12-02' and i.issue_date <= '2026-12-02') as invoiced,
           (select coalesce(sum(te.amount_cents), 0) from time_entries te
             where te.client_id = c.id and te.started_at >= @since and te.started_at < @now
               and not exists (select 1 from invoice_lines l join invoices i on i.id = l.invoice_id where l.id = te.invoice_line_id and i.status = 'finalised')) as uninvoiced,
           (select coalesce(sum(amount_cents), 0) from charges ch where ch.client_id = c.id and ch.billed_at >= @since and ch.billed_at < @now) as charged
         from clients c where c.firm_id = @firmId`,
      )
      .all({ firmId, since, now: NOW }) as {
      id: number;
      name: string;
      fee: number;
      invoiced: number;
      uninvoiced: number;
      charged: number;
    }[];
    const revenue = clientRevenue(firmId, ZONE, NOW, [since]);
    const contracted = figures.filter((f) => f.fee > 0);
    expect(contracted.length).toBeGreaterThanOrEqual(8);
    for (const f of figures) expect([f.name, revenue.get(f.id)?.[0] ?? 0]).toEqual([f.name, f.invoiced + f.uninvoiced]);
    // Each contract client's year holds 12 charges and 12 invoices of its fee (and, for some, hours): the fee counts 12 times, not 24.
    for (const f of contracted) {
      expect([f.name, f.charged]).toEqual([f.name, 12 * f.fee]);
      expect(f.invoiced).toBeGreaterThanOrEqual(12 * f.fee);
    }
    const total = [...revenue.values()].reduce((sum, [cents]) => sum + cents!, 0);
    expect(firmTotals12m(asMember(makeUser(firmId, 'owner')), NOW).revenueCents).toBe(total);
  });
});
