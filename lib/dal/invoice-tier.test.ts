import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb, schema } from '@/db';
import { localToInstant } from '@/lib/time/zoned';
import { asMember, makeFirm, makeUser } from '@/test/factories';
import { finaliseInvoice, voidInvoice } from './invoice-lifecycle';
import { addInvoiceLine, createDraftInvoice } from './invoices';

/**
 * A client's tier depends on what it was billed in 12 months, and that is
 * invoiced money (./internal/revenue.ts): finalising an invoice or voiding one
 * changes it, so the tier is recomputed in the same transaction, dated in
 * tier_changes, instead of waiting for the next hourly pass.
 */
const ZONE = 'America/Chicago'; // the factories' firm zone

function setup() {
  const firm = makeFirm();
  const staff = asMember(makeUser(firm.id, 'staff'));
  const consultant = makeUser(firm.id, 'consultant');
  const now = Date.now();
  // 12 seats and a server: sweet spot once $5,000 has been billed in 12 months. The firm's tiers were just computed,
  // so nothing but the invoice's own transaction would recompute them within the hour.
  getDb().update(schema.firms).set({ tiersComputedAt: now }).where(eq(schema.firms.id, firm.id)).run();
  const client = getDb()
    .insert(schema.clients)
    .values({
      firmId: firm.id,
      name: 'Lakeside Clinic',
      seats: 12,
      hasServer: true,
      tier: 'emerging',
      tierReason: '',
      hourlyRateCents: 10_000,
    })
    .returning()
    .get();
  const day = new Date(now - 10 * 24 * 3600_000).toISOString().slice(0, 10);
  getDb()
    .insert(schema.timeEntries)
    .values({
      firmId: firm.id,
      userId: consultant.id,
      clientId: client.id,
      category: 'sweet_spot',
      startedAt: localToInstant(day, 10 * 60, ZONE),
      minutes: 60,
      amountCents: 10_000,
    })
    .run();
  return { firm, staff, client, day };
}

const tierOf = (id: number) =>
  getDb().select({ tier: schema.clients.tier }).from(schema.clients).where(eq(schema.clients.id, id)).get()!.tier;
const changesOf = (id: number) =>
  getDb()
    .select({ from: schema.tierChanges.fromTier, to: schema.tierChanges.toTier })
    .from(schema.tierChanges)
    .where(eq(schema.tierChanges.clientId, id))
    .orderBy(schema.tierChanges.id)
    .all();

describe('the tier follows invoices at once', () => {
  it('finalising an invoice that brings 12 months’ billing to $5,000 makes the client sweet spot; voiding it takes it back', () => {
    const { staff, client, day } = setup();
    const id = createDraftInvoice(staff, { clientId: client.id, periodStart: day.slice(0, 8) + '01', periodEnd: day, detail: 'days' });
    addInvoiceLine(staff, id, {
      kind: 'fixed',
      description: 'Server migration',
      quantityMilli: 1_000,
      unitPriceCents: 490_000,
      taxRateMilli: 0,
    });
    // A draft is not revenue: the tier stays.
    expect(tierOf(client.id)).toBe('emerging');

    finaliseInvoice(staff, id);
    expect(tierOf(client.id)).toBe('sweet_spot');
    expect(changesOf(client.id)).toEqual([{ from: 'emerging', to: 'sweet_spot' }]);

    voidInvoice(staff, id, 'Billed to the wrong client');
    expect(tierOf(client.id)).toBe('emerging');
    expect(changesOf(client.id)).toEqual([
      { from: 'emerging', to: 'sweet_spot' },
      { from: 'sweet_spot', to: 'emerging' },
    ]);
  });
});
