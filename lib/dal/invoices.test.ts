import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb, schema } from '@/db';
import { UserFacingError } from '@/lib/errors';
import { DEFAULT_TIER_TERMS, PLAIN_TERMS } from '@/lib/invoices/terms';
import { ForbiddenError, NotFoundError } from '@/lib/permissions';
import { addDays, localToInstant, today } from '@/lib/time/zoned';
import { timeEntryUpdateSchema } from '@/lib/validations/timesheets';
import { callAtOnce } from '@/test/at-once';
import { asMember, firmRows, makeFirm, makeUser } from '@/test/factories';
import { finaliseInvoice, markInvoiceSent, recordPayment, reversePayment, voidInvoice } from './invoice-lifecycle';
import {
  addInvoiceLine,
  createDraftInvoice,
  deleteDraftInvoice,
  getInvoice,
  listInvoices,
  removeInvoiceLine,
  updateInvoiceLine,
} from './invoices';
import { deleteTimeEntry, updateTimeEntry } from './timesheets';

const ZONE = 'America/Chicago'; // the factories' firm zone
const FROM = '2026-11-01';
const TO = '2026-11-30';

/** Terms that bill every minute as worked, due in `days`: these tests are about invoices, not terms (billing-terms.test.ts is). */
const plainMicro = (days = 30) => ({ ...DEFAULT_TIER_TERMS, micro: { ...PLAIN_TERMS, paymentTermsDays: days } });

function setup(firmExtra: Partial<typeof schema.firms.$inferInsert> = {}) {
  const firm = makeFirm();
  getDb()
    .update(schema.firms)
    .set({ tierTerms: plainMicro(), ...firmExtra })
    .where(eq(schema.firms.id, firm.id))
    .run();
  const owner = asMember(makeUser(firm.id, 'owner'));
  const staff = asMember(makeUser(firm.id, 'staff'));
  const ana = asMember(makeUser(firm.id, 'consultant', { name: 'Ana' }));
  const client = getDb()
    .insert(schema.clients)
    .values({ firmId: firm.id, name: 'Harbor Yoga', seats: 4, tier: 'micro', tierReason: '', hourlyRateCents: 9_500, address: '1 Pier Rd' })
    .returning()
    .get();
  const entry = (date: string, minute: number, minutes: number, extra: Partial<typeof schema.timeEntries.$inferInsert> = {}) =>
    getDb()
      .insert(schema.timeEntries)
      .values({
        firmId: firm.id,
        userId: ana.userId,
        clientId: client.id,
        category: 'micro',
        startedAt: localToInstant(date, minute, ZONE),
        minutes,
        amountCents: Math.round((minutes * 9_500) / 60),
        description: 'Printer fixed',
        ...extra,
      })
      .returning()
      .get();
  return { firm, owner, staff, ana, client, entry };
}

const entryRow = (id: number) => getDb().select().from(schema.timeEntries).where(eq(schema.timeEntries.id, id)).get()!;

describe('invoice drafts', () => {
  it('bills the client’s unbilled billable time in the period, one line per entry or per day, and ties the entries to their lines', () => {
    const { staff, client, entry } = setup();
    const a = entry('2026-11-03', 9 * 60, 90); // $142.50
    const b = entry('2026-11-03', 14 * 60, 30, { description: 'Backups' }); // $47.50
    const c = entry('2026-11-20', 10 * 60, 7); // 7 min: $11.08
    const outside = entry('2026-12-01', 9 * 60, 60);
    const marketing = entry('2026-11-04', 9 * 60, 60, { category: 'marketing', clientId: null, amountCents: 0 });
    const id = createDraftInvoice(staff, { clientId: client.id, periodStart: FROM, periodEnd: TO, detail: 'entries' });
    const { invoice, lines, state } = getInvoice(staff, id);
    expect(state).toBe('draft');
    expect(lines.map((l) => [l.kind, l.minutes, l.amountCents])).toEqual([
      ['time', 90, 14_250],
      ['time', 30, 4_750],
      ['time', 7, 1_108],
    ]);
    expect(lines[1]!.description).toMatch(/Backups/);
    expect(invoice).toMatchObject({ subtotalCents: 20_108, taxCents: 0, totalCents: 20_108, number: null });
    expect([a, b, c].map((e) => entryRow(e.id).invoiceLineId)).toEqual(lines.map((l) => l.id));
    expect(entryRow(outside.id).invoiceLineId).toBeNull();
    expect(entryRow(marketing.id).invoiceLineId).toBeNull();

    // The same work is never on two drafts: a second draft for the period finds nothing left.
    const second = createDraftInvoice(staff, { clientId: client.id, periodStart: FROM, periodEnd: TO, detail: 'days' });
    expect(getInvoice(staff, second).lines).toEqual([]);
    deleteDraftInvoice(staff, id);
    expect(entryRow(a.id).invoiceLineId).toBeNull();
    const byDay = createDraftInvoice(staff, { clientId: client.id, periodStart: FROM, periodEnd: TO, detail: 'days' });
    expect(getInvoice(staff, byDay).lines.map((l) => [l.minutes, l.amountCents])).toEqual([
      [120, 19_000],
      [7, 1_108],
    ]);
  });

  it('prices added lines once each, taxes them at the firm’s rate unless the client is exempt, and removing a time line releases its entries', () => {
    const { staff, client, entry } = setup({ defaultTaxRateMilli: 8_875 });
    const a = entry('2026-11-03', 9 * 60, 60); // $95.00
    const id = createDraftInvoice(staff, { clientId: client.id, periodStart: FROM, periodEnd: TO, detail: 'entries' });
    const fee = addInvoiceLine(staff, id, {
      kind: 'fixed',
      description: 'Trip fee',
      quantityMilli: 1_000,
      unitPriceCents: 4_999,
      taxRateMilli: 8_875,
    });
    addInvoiceLine(staff, id, {
      kind: 'discount',
      description: 'Loyalty',
      quantityMilli: 1_000,
      unitPriceCents: 1_000,
      taxRateMilli: 8_875,
    });
    let { invoice, lines } = getInvoice(staff, id);
    expect(lines.map((l) => [l.amountCents, l.taxCents])).toEqual([
      [9_500, 843], // 843.125
      [4_999, 444], // 443.66
      [-1_000, -89], // -88.75
    ]);
    expect(invoice).toMatchObject({ subtotalCents: 13_499, taxCents: 1_198, totalCents: 14_697 });
    updateInvoiceLine(staff, fee, { kind: 'expense', description: 'Cable', quantityMilli: 2_500, unitPriceCents: 1_999, taxRateMilli: 0 });
    removeInvoiceLine(staff, lines[0]!.id);
    ({ invoice, lines } = getInvoice(staff, id));
    expect(lines.map((l) => [l.kind, l.amountCents, l.taxCents])).toEqual([
      ['expense', 4_998, 0],
      ['discount', -1_000, -89],
    ]);
    expect(invoice.totalCents).toBe(3_909);
    expect(entryRow(a.id).invoiceLineId).toBeNull();

    getDb().update(schema.clients).set({ taxExempt: true }).where(eq(schema.clients.id, client.id)).run();
    const exempt = createDraftInvoice(staff, { clientId: client.id, periodStart: FROM, periodEnd: TO, detail: 'entries' });
    expect(getInvoice(staff, exempt).lines.map((l) => l.taxCents)).toEqual([0]);
  });
});

describe('finalising', () => {
  it('gives the next number of the year, a due date from the terms, freezes what is printed and locks the lines and entries', () => {
    const { staff, owner, ana, client, entry } = setup({ tierTerms: plainMicro(15), billingAddress: '9 Main St' });
    const a = entry('2026-11-03', 9 * 60, 60);
    const first = createDraftInvoice(staff, { clientId: client.id, periodStart: FROM, periodEnd: TO, detail: 'entries' });
    const empty = createDraftInvoice(staff, { clientId: client.id, periodStart: FROM, periodEnd: TO, detail: 'entries' });
    expect(() => finaliseInvoice(staff, empty)).toThrow(/at least one line/); // a refusal uses no number
    const year = today(ZONE).slice(0, 4);
    expect(finaliseInvoice(staff, first)).toEqual({ number: `${year}-0001` });
    const { invoice, lines, state } = getInvoice(owner, first);
    expect(state).toBe('open');
    expect(invoice).toMatchObject({ status: 'finalised', seq: 1, issueDate: today(ZONE), dueDate: addDays(today(ZONE), 15) });
    expect(invoice.printed).toMatchObject({ firm: { address: '9 Main St' }, client: { name: 'Harbor Yoga', address: '1 Pier Rd' } });

    expect(() => finaliseInvoice(staff, first)).toThrow(`Invoice ${year}-0001 is finalised`);
    expect(() => removeInvoiceLine(staff, lines[0]!.id)).toThrow(/finalised/);
    expect(() => deleteDraftInvoice(staff, first)).toThrow(/finalised/);
    const edit = timeEntryUpdateSchema.parse({
      entryId: String(a.id),
      category: 'micro',
      clientId: String(client.id),
      duration: '2',
      date: '2026-11-03',
      start: '09:00',
      description: 'x',
    });
    expect(() => updateTimeEntry(ana, edit)).toThrow(`This entry is billed on invoice ${year}-0001; void that invoice to change it.`);
    expect(() => deleteTimeEntry(ana, a.id)).toThrow(`invoice ${year}-0001`);
    expect(entryRow(a.id).minutes).toBe(60);

    addInvoiceLine(staff, empty, { kind: 'fixed', description: 'Setup', quantityMilli: 1_000, unitPriceCents: 10_000, taxRateMilli: 0 });
    expect(finaliseInvoice(staff, empty)).toEqual({ number: `${year}-0002` });
    markInvoiceSent(staff, empty);
    expect(getInvoice(staff, empty).state).toBe('sent');
  });

  it('two people finalising at the same moment, from two processes, get two consecutive numbers', async () => {
    const { staff, owner, client } = setup();
    const drafts = [staff, owner].map((who) => {
      const id = createDraftInvoice(who, { clientId: client.id, periodStart: FROM, periodEnd: TO, detail: 'entries' });
      addInvoiceLine(who, id, {
        kind: 'fixed',
        description: 'Monthly care',
        quantityMilli: 1_000,
        unitPriceCents: 50_000,
        taxRateMilli: 0,
      });
      return id;
    });
    const answers = (await callAtOnce([
      ['finaliseInvoice', [staff, drafts[0]]],
      ['finaliseInvoice', [owner, drafts[1]]],
    ])) as { number: string }[];
    const year = today(ZONE).slice(0, 4);
    expect(answers.map((a) => a.number).sort()).toEqual([`${year}-0001`, `${year}-0002`]);
  }, 60_000);
});

describe('void and payments', () => {
  it('void keeps the number, asks a reason and releases the entries for a new draft', () => {
    const { staff, client, entry } = setup();
    const a = entry('2026-11-03', 9 * 60, 60);
    const id = createDraftInvoice(staff, { clientId: client.id, periodStart: FROM, periodEnd: TO, detail: 'entries' });
    const { number } = finaliseInvoice(staff, id);
    expect(() => voidInvoice(staff, id, ' ')).toThrow(UserFacingError);
    voidInvoice(staff, id, 'Billed to the wrong client');
    expect(getInvoice(staff, id)).toMatchObject({ state: 'void', invoice: { number, voidReason: 'Billed to the wrong client' } });
    expect(entryRow(a.id).invoiceLineId).toBeNull();
    const again = createDraftInvoice(staff, { clientId: client.id, periodStart: FROM, periodEnd: TO, detail: 'entries' });
    expect(getInvoice(staff, again).lines).toHaveLength(1);
    expect(finaliseInvoice(staff, again).number).not.toBe(number); // a void number is never given again
  });

  it('partial payments, then the rest: partially paid, then paid; more than is owed is refused with nothing written; a reversal reopens it', () => {
    const { firm, staff, client } = setup();
    const id = createDraftInvoice(staff, { clientId: client.id, periodStart: FROM, periodEnd: TO, detail: 'entries' });
    addInvoiceLine(staff, id, { kind: 'fixed', description: 'Setup', quantityMilli: 1_000, unitPriceCents: 30_000, taxRateMilli: 0 });
    expect(() => recordPayment(staff, id, { receivedOn: today(ZONE), amountCents: 100, method: 'check', reference: '' })).toThrow(
      /Finalise the draft/,
    );
    finaliseInvoice(staff, id);
    const first = recordPayment(staff, id, { receivedOn: today(ZONE), amountCents: 10_000, method: 'check', reference: '#1001' });
    expect(getInvoice(staff, id)).toMatchObject({ state: 'partially_paid', paidCents: 10_000 });
    const before = firmRows(firm.id);
    expect(() => recordPayment(staff, id, { receivedOn: today(ZONE), amountCents: 20_001, method: 'card', reference: '' })).toThrow(
      'That is more than the $200.00 still owed',
    );
    expect(() => recordPayment(staff, id, { receivedOn: addDays(today(ZONE), 1), amountCents: 1, method: 'card', reference: '' })).toThrow(
      /future/,
    );
    expect(() => voidInvoice(staff, id, 'Mistake')).toThrow(/reverse those payments/);
    expect(firmRows(firm.id)).toBe(before);
    recordPayment(staff, id, { receivedOn: today(ZONE), amountCents: 20_000, method: 'bank_transfer', reference: 'ACH' });
    expect(getInvoice(staff, id).state).toBe('paid');
    reversePayment(staff, first, 'Check bounced');
    expect(getInvoice(staff, id)).toMatchObject({ state: 'partially_paid', paidCents: 20_000 });
    expect(() => reversePayment(staff, first, 'Again')).toThrow(/already reversed/);
    expect(listInvoices(staff).map((i) => [i.id, i.state, i.paidCents])).toEqual([[id, 'partially_paid', 20_000]]);
  });
});

describe('who may', () => {
  it('a consultant can do nothing with invoices, another firm’s invoice is not found, and neither changes anything', () => {
    const { firm, staff, ana, client, entry } = setup();
    entry('2026-11-03', 9 * 60, 60);
    const other = setup();
    const id = createDraftInvoice(staff, { clientId: client.id, periodStart: FROM, periodEnd: TO, detail: 'entries' });
    const line = getInvoice(staff, id).lines[0]!.id;
    const before = firmRows(firm.id, other.firm.id);
    const fixed = { kind: 'fixed' as const, description: 'x', quantityMilli: 1_000, unitPriceCents: 1, taxRateMilli: 0 };
    const pay = { receivedOn: today(ZONE), amountCents: 1, method: 'cash' as const, reference: '' };
    for (const attempt of [
      () => createDraftInvoice(ana, { clientId: client.id, periodStart: FROM, periodEnd: TO, detail: 'entries' }),
      () => addInvoiceLine(ana, id, fixed),
      () => updateInvoiceLine(ana, line, fixed),
      () => removeInvoiceLine(ana, line),
      () => deleteDraftInvoice(ana, id),
      () => finaliseInvoice(ana, id),
      () => voidInvoice(ana, id, 'because'),
      () => recordPayment(ana, id, pay),
      () => reversePayment(ana, 1, 'because'),
      () => listInvoices(ana),
      () => getInvoice(ana, id),
    ])
      expect(attempt).toThrow(ForbiddenError);
    for (const attempt of [
      () => addInvoiceLine(other.staff, id, fixed),
      () => finaliseInvoice(other.staff, id),
      () => deleteDraftInvoice(other.staff, id),
      () => getInvoice(other.staff, id),
      () => recordPayment(other.staff, id, pay),
    ])
      expect(attempt).toThrow(NotFoundError);
    expect(() => removeInvoiceLine(other.staff, line)).toThrow(/no longer on the invoice/);
    expect(() => createDraftInvoice(other.staff, { clientId: client.id, periodStart: FROM, periodEnd: TO, detail: 'entries' })).toThrow(
      'Choose a client from the list.',
    );
    expect(firmRows(firm.id, other.firm.id)).toBe(before);
  });
});
