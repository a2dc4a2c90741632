import { describe, expect, it } from 'vitest';
import { getDb, schema } from '@/db';
import { ForbiddenError } from '@/lib/permissions';
import { addDays, today } from '@/lib/time/zoned';
import { asMember, makeFirm, makeUser } from '@/test/factories';
import { INVOICE_PAGE_SIZE, invoicedClientOptions, listInvoicePage } from './invoice-list';
import { listInvoices } from './invoices';

const ZONE = 'America/Chicago'; // the factories' firm zone

function setup() {
  const firm = makeFirm();
  const staff = asMember(makeUser(firm.id, 'staff'));
  const client = (name: string) =>
    getDb().insert(schema.clients).values({ firmId: firm.id, name, seats: 4, tier: 'micro', tierReason: '' }).returning().get().id;
  const acme = client('Acme Dental');
  const yoga = client('Harbor Yoga');
  client('Quiet Co'); // no invoice
  let seq = 0;
  const invoice = (clientId: number, extra: Partial<typeof schema.invoices.$inferInsert> = {}, paid = 0) => {
    seq++;
    const row = getDb()
      .insert(schema.invoices)
      .values({
        firmId: firm.id,
        clientId,
        periodStart: '2026-01-01',
        periodEnd: '2026-01-31',
        status: 'finalised',
        number: `T-${seq}`,
        seq,
        seqScope: 't',
        issueDate: '2026-02-01',
        dueDate: addDays(today(ZONE), 10),
        subtotalCents: 10_000,
        totalCents: 10_000,
        createdAt: seq,
        ...extra,
      })
      .returning()
      .get();
    if (paid)
      getDb()
        .insert(schema.payments)
        .values({
          firmId: firm.id,
          invoiceId: row.id,
          receivedOn: '2026-02-02',
          amountCents: paid,
          method: 'check',
          createdByUserId: staff.userId,
        })
        .run();
    return row.id;
  };
  return { firm, staff, acme, yoga, invoice };
}

describe('the invoice list, a page at a time', () => {
  it('filters by the same state the invoice page shows, computed in the database (every state, one invoice each)', () => {
    const { staff, acme, invoice } = setup();
    const past = addDays(today(ZONE), -1);
    invoice(acme, { status: 'draft', number: null, seq: null, seqScope: null, issueDate: null, dueDate: null });
    invoice(acme, { status: 'void' });
    invoice(acme, {}, 10_000); // paid
    invoice(acme, {}, 4_000); // partially paid, not yet due
    invoice(acme, { dueDate: past }, 4_000); // overdue, though partly paid
    invoice(acme, { dueDate: past }, 10_000); // paid late: paid, not overdue
    invoice(acme); // finalised, not sent
    invoice(acme, { sentAt: 1 }); // sent
    const page = listInvoicePage(staff, {});
    const expected = listInvoices(staff).map((i) => [i.id, i.state, i.paidCents]);
    expect(page.rows.map((i) => [i.id, i.state, i.paidCents])).toEqual(expected);
    expect(expected.map((e) => e[1])).toEqual(['sent', 'open', 'paid', 'overdue', 'partially_paid', 'paid', 'void', 'draft']);
    for (const state of ['draft', 'open', 'sent', 'partially_paid', 'paid', 'overdue', 'void'] as const) {
      const ids = listInvoicePage(staff, { state }).rows.map((i) => i.id);
      expect(ids, state).toEqual(expected.filter((e) => e[1] === state).map((e) => e[0]));
    }
  });

  it('gives 50 a page, newest first, the total over all pages, and keeps to the last page when asked past it', () => {
    const { staff, acme, yoga, invoice } = setup();
    const ids: number[] = [];
    for (let i = 0; i < 120; i++) ids.push(invoice(i < 70 ? acme : yoga, {}, i % 2 ? 10_000 : 0));
    const newestFirst = [...ids].reverse();
    const one = listInvoicePage(staff, {});
    expect([one.total, one.page, one.pageCount, one.rows.length]).toEqual([120, 1, 3, INVOICE_PAGE_SIZE]);
    expect(one.rows.map((r) => r.id)).toEqual(newestFirst.slice(0, 50));
    expect(listInvoicePage(staff, { page: 2 }).rows.map((r) => r.id)).toEqual(newestFirst.slice(50, 100));
    const last = listInvoicePage(staff, { page: 99 });
    expect([last.page, last.rows.map((r) => r.id)]).toEqual([3, newestFirst.slice(100)]);

    // Acme's (the first 70) paid ones: the odd positions, 35 of them.
    const paidAcme = listInvoicePage(staff, { state: 'paid', client: acme });
    expect([paidAcme.total, paidAcme.pageCount]).toEqual([35, 1]);
    expect(paidAcme.rows.every((r) => r.clientName === 'Acme Dental' && r.state === 'paid')).toBe(true);
    // By name, for a firm too big for a select: "yoga" matches Harbor Yoga's 50.
    expect(listInvoicePage(staff, { q: 'yoga' }).total).toBe(50);
    expect(listInvoicePage(staff, { q: '%' }).total).toBe(0); // a wildcard is taken literally
    expect(invoicedClientOptions(staff)).toEqual([
      { value: String(acme), label: 'Acme Dental' },
      { value: String(yoga), label: 'Harbor Yoga' },
    ]);
  });

  it('shows one firm its own invoices only, and none to a consultant', () => {
    const a = setup();
    const b = setup();
    a.invoice(a.acme);
    b.invoice(b.acme);
    b.invoice(b.yoga);
    expect(listInvoicePage(a.staff, {}).total).toBe(1);
    expect(listInvoicePage(a.staff, { client: b.acme }).total).toBe(0);
    const consultant = asMember(makeUser(a.firm.id, 'consultant'));
    expect(() => listInvoicePage(consultant, {})).toThrow(ForbiddenError);
    expect(() => invoicedClientOptions(consultant)).toThrow(ForbiddenError);
  });
});
