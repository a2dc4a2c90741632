import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb, schema } from '@/db';
import { ForbiddenError, NotFoundError } from '@/lib/permissions';
import { localToInstant } from '@/lib/time/zoned';
import { DEFAULT_TIER_TERMS, PLAIN_TERMS } from '@/lib/invoices/terms';
import { asMember, makeFirm, makeUser } from '@/test/factories';
import { pdfPageSize, pdfText } from '@/test/pdf-text';
import { finaliseInvoice, recordPayment } from './invoice-lifecycle';
import { getInvoicePdf } from './invoice-pdf';
import { addInvoiceLine, createDraftInvoice } from './invoices';

const ZONE = 'America/Chicago'; // the factories' firm zone

function draft(firmExtra: Partial<typeof schema.firms.$inferInsert> = {}) {
  const firm = makeFirm('Lakeside IT');
  getDb()
    .update(schema.firms)
    .set({
      billingAddress: '9 Lake Rd',
      taxId: 'EIN 11-22',
      paymentInstructions: 'Check to Lakeside IT',
      defaultTaxRateMilli: 5_000,
      // Net 30 and every minute as worked: the micro defaults (due on receipt) are billing-terms.test.ts's subject.
      tierTerms: { ...DEFAULT_TIER_TERMS, micro: PLAIN_TERMS },
      ...firmExtra,
    })
    .where(eq(schema.firms.id, firm.id))
    .run();
  const staff = asMember(makeUser(firm.id, 'staff'));
  const ana = makeUser(firm.id, 'consultant');
  const client = getDb()
    .insert(schema.clients)
    .values({
      firmId: firm.id,
      name: 'Harbor Yoga',
      seats: 4,
      tier: 'micro',
      tierReason: '',
      hourlyRateCents: 9_500,
      billingAddress: '1 Pier Rd',
      taxId: 'HY-1',
    })
    .returning()
    .get();
  getDb()
    .insert(schema.timeEntries)
    .values({
      firmId: firm.id,
      userId: ana.id,
      clientId: client.id,
      category: 'micro',
      startedAt: localToInstant('2026-11-03', 540, ZONE),
      minutes: 90,
      amountCents: 14_250,
      description: 'Printer fixed',
    })
    .run();
  const id = createDraftInvoice(staff, { clientId: client.id, periodStart: '2026-11-01', periodEnd: '2026-11-30', detail: 'entries' });
  addInvoiceLine(staff, id, { kind: 'fixed', description: 'Trip fee', quantityMilli: 1000, unitPriceCents: 4_500, taxRateMilli: 5_000 });
  return { firm, staff, consultant: asMember(ana), id };
}

const stored = (invoiceId: number) =>
  getDb().select().from(schema.invoiceDocuments).where(eq(schema.invoiceDocuments.invoiceId, invoiceId)).get();

describe('stored invoice PDF', () => {
  it('is written when the invoice is numbered, and the download is those bytes, unchanged by later payments', async () => {
    const { staff, id } = draft({ paperSize: 'a4' });
    expect(stored(id)).toBeUndefined();
    const preview = getInvoicePdf(staff, id);
    expect(preview.stored).toBe(false);
    expect((await pdfText(preview.bytes)).text).toContain('DRAFT');
    expect(stored(id)).toBeUndefined(); // a preview is never kept

    const { number } = finaliseInvoice(staff, id, Date.UTC(2026, 11, 1, 15));
    const row = stored(id)!;
    expect(row.firmId).toBe(staff.firmId);
    const { text } = await pdfText(row.pdf);
    for (const s of [
      `No. ${number}`,
      'Harbor Yoga',
      'Printer fixed',
      'Trip fee',
      'Tax $9.38',
      'Total $196.88',
      'Due date Thu Dec 31, 2026',
    ])
      expect(text).toContain(s);
    expect(text).not.toContain('DRAFT');
    expect(await pdfPageSize(row.pdf)).toEqual([595, 842]);

    recordPayment(staff, id, { receivedOn: '2026-12-01', amountCents: 5_000, method: 'check', reference: '101' });
    getDb().update(schema.firms).set({ billingAddress: 'Moved away' }).where(eq(schema.firms.id, staff.firmId)).run();
    const download = getInvoicePdf(staff, id);
    expect(download).toMatchObject({ filename: `invoice-${number}.pdf`, stored: true });
    expect(download.bytes.equals(row.pdf)).toBe(true);
    expect(stored(id)!.pdf.equals(row.pdf)).toBe(true);
  });

  it('a finalise that fails stores no file; an invoice numbered before files were kept is drawn once and kept', async () => {
    const { staff, id } = draft();
    getDb().update(schema.invoiceLines).set({ amountCents: -100_000 }).where(eq(schema.invoiceLines.invoiceId, id)).run();
    expect(() => finaliseInvoice(staff, id)).toThrow(/below zero/);
    expect(stored(id)).toBeUndefined();

    const other = draft();
    finaliseInvoice(other.staff, other.id);
    getDb().delete(schema.invoiceDocuments).where(eq(schema.invoiceDocuments.invoiceId, other.id)).run(); // as if numbered by the previous release
    const first = getInvoicePdf(other.staff, other.id);
    expect(stored(other.id)!.pdf.equals(first.bytes)).toBe(true);
    expect(getInvoicePdf(other.staff, other.id).bytes.equals(first.bytes)).toBe(true);
  });

  it('is the firm’s own: a consultant is refused, another firm’s staff find nothing', () => {
    const { id, consultant } = draft();
    const stranger = draft().staff;
    expect(() => getInvoicePdf(consultant, id)).toThrow(ForbiddenError);
    expect(() => getInvoicePdf(stranger, id)).toThrow(NotFoundError);
  });
});
