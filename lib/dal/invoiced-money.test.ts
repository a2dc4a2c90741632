import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb, schema } from '@/db';
import { ForbiddenError } from '@/lib/permissions';
import { localToInstant } from '@/lib/time/zoned';
import { DEFAULT_TIER_TERMS, PLAIN_TERMS } from '@/lib/invoices/terms';
import { asMember, makeFirm, makeUser } from '@/test/factories';
import { finaliseInvoice, recordPayment, voidInvoice } from './invoice-lifecycle';
import { addInvoiceLine, createDraftInvoice } from './invoices';
import { getInvoicedMoney } from './invoiced-money';

const ZONE = 'America/Chicago'; // the factories' firm zone
/** The frozen clock: 20 November 2026, noon at the firm. */
const NOW = localToInstant('2026-11-20', 12 * 60, ZONE);
const at = (date: string) => localToInstant(date, 10 * 60, ZONE);

function setup() {
  const firm = makeFirm();
  // 10 % tax, so revenue (before tax) and what is owed (with it) differ; micro work billed as recorded, net 30.
  getDb()
    .update(schema.firms)
    .set({
      defaultTaxRateMilli: 10_000,
      paymentTermsDays: 30,
      tierTerms: { ...DEFAULT_TIER_TERMS, micro: { ...PLAIN_TERMS, paymentTermsDays: 30 } },
    })
    .where(eq(schema.firms.id, firm.id))
    .run();
  const staff = asMember(makeUser(firm.id, 'staff'));
  const ana = makeUser(firm.id, 'consultant');
  const client = getDb()
    .insert(schema.clients)
    .values({ firmId: firm.id, name: 'Harbor Yoga', seats: 4, tier: 'micro', tierReason: '', hourlyRateCents: 6_000 })
    .returning()
    .get();
  const entry = (date: string, minutes: number, category: 'micro' | 'marketing' = 'micro') =>
    getDb()
      .insert(schema.timeEntries)
      .values({
        firmId: firm.id,
        userId: ana.id,
        clientId: category === 'micro' ? client.id : null,
        category,
        startedAt: at(date),
        minutes,
        amountCents: category === 'micro' ? minutes * 100 : 0,
      })
      .run();
  /** A finalised invoice of one fixed line of `cents` (before tax), numbered on `date`. */
  const invoice = (date: string, cents: number) => {
    const id = createDraftInvoice(staff, { clientId: client.id, periodStart: date, periodEnd: date, detail: 'entries' });
    addInvoiceLine(staff, id, { kind: 'fixed', description: 'Work', quantityMilli: 1_000, unitPriceCents: cents, taxRateMilli: 10_000 });
    finaliseInvoice(staff, id, at(date));
    return id;
  };
  return { firm, staff, client, ana: asMember(ana), entry, invoice };
}

describe('invoiced money on the dashboard', () => {
  it('counts finalised invoices of the last 12 months before tax, owed and overdue money with tax, and unbilled work, apart', () => {
    const { staff, client, entry, invoice } = setup();
    // Issued 13 months ago and paid: neither invoiced in the window nor owed.
    const old = invoice('2025-10-15', 50_000);
    recordPayment(staff, old, { receivedOn: '2025-11-01', amountCents: 55_000, method: 'check', reference: '1' });
    // Issued on the first day of the window, due 21 December 2025: $300 of its $1,100 paid, $800 overdue.
    const late = invoice('2025-11-21', 100_000);
    recordPayment(staff, late, { receivedOn: '2025-12-01', amountCents: 30_000, method: 'check', reference: '2' });
    // Issued ten days ago, due in December: all $220 owed, none overdue.
    invoice('2026-11-10', 20_000);
    // Voided: never revenue, never owed.
    voidInvoice(staff, invoice('2026-06-01', 70_000), 'Wrong client', at('2026-06-02'));
    // Drafted but not finalised: its time is on an invoice, so it is not unbilled; and it is not revenue.
    entry('2026-11-02', 60);
    createDraftInvoice(staff, {
      clientId: client.id,
      periodStart: '2026-11-02',
      periodEnd: '2026-11-02',
      detail: 'entries',
    });
    // Unbilled: 90 + 30 minutes of client work; marketing time is never billed.
    entry('2026-11-16', 90);
    entry('2026-11-18', 30);
    entry('2026-11-18', 120, 'marketing');

    expect(getInvoicedMoney(staff, NOW)).toEqual({
      since: '2025-11-21',
      today: '2026-11-20',
      invoicedCents: 100_000 + 20_000,
      invoiceCount: 2,
      owedCents: 80_000 + 22_000,
      overdueCents: 80_000,
      overdueCount: 1,
      unbilledCents: 12_000,
      unbilledMinutes: 120,
    });
    // A day later the first invoice of the window drops out of it.
    expect(getInvoicedMoney(staff, NOW + 86_400_000).invoicedCents).toBe(20_000);
  });

  it('is the firm’s alone, and not for consultants', () => {
    const a = setup();
    const b = setup();
    a.invoice('2026-11-02', 40_000);
    b.entry('2026-11-03', 45);
    expect(getInvoicedMoney(b.staff, NOW)).toMatchObject({ invoicedCents: 0, owedCents: 0, unbilledCents: 4_500 });
    expect(getInvoicedMoney(a.staff, NOW)).toMatchObject({ invoicedCents: 40_000, owedCents: 44_000, unbilledCents: 0 });
    expect(() => getInvoicedMoney(a.ana, NOW)).toThrow(ForbiddenError);
  });

  it('is kept between views and follows every write at once', () => {
    const { staff, entry, invoice } = setup();
    entry('2026-11-16', 90);
    const first = getInvoicedMoney(staff, NOW);
    // The same figures, not read again: the unbilled sum runs over every unbilled entry of the firm.
    expect(getInvoicedMoney(staff, NOW + 1_000)).toBe(first);
    entry('2026-11-17', 30);
    expect(getInvoicedMoney(staff, NOW + 2_000)).toMatchObject({ unbilledCents: 12_000, unbilledMinutes: 120, invoicedCents: 0 });
    invoice('2026-11-18', 20_000);
    expect(getInvoicedMoney(staff, NOW + 3_000)).toMatchObject({ invoicedCents: 20_000, invoiceCount: 1, owedCents: 22_000 });
  });
});
