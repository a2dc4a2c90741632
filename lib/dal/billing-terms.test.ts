import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb, schema } from '@/db';
import { DEFAULT_TIER_TERMS, type TierTerms } from '@/lib/invoices/terms';
import { ForbiddenError, NotFoundError } from '@/lib/permissions';
import { addDays, localToInstant, today } from '@/lib/time/zoned';
import { clientSchema } from '@/lib/validations/clients';
import { tierTermsSchema } from '@/lib/validations/billing-terms';
import { asMember, firmRows, makeFirm, makeUser } from '@/test/factories';
import { getClientTerms, getTierTerms, setClientTerms, updateTierTerms } from './billing-terms';
import { createClient, updateClient } from './clients';
import { finaliseInvoice } from './invoice-lifecycle';
import { createDraftInvoice, getInvoice } from './invoices';
import { prepareMonthInvoices } from './prepare-invoices';

const ZONE = 'America/Chicago'; // the factories' firm zone
const PERIOD = { periodStart: '2026-11-01', periodEnd: '2026-11-30', detail: 'entries' as const };
const clientInput = (over: Record<string, string | undefined> = {}) =>
  clientSchema.parse({ name: 'Harbor Yoga', seats: '3', hourlyRateCents: '120', growth: 'flat', status: 'active', ...over });

function setup() {
  const firm = makeFirm();
  const owner = asMember(makeUser(firm.id, 'owner'));
  const staff = asMember(makeUser(firm.id, 'staff'));
  const ana = asMember(makeUser(firm.id, 'consultant'));
  const clientId = createClient(owner, clientInput());
  /** Work at $120/h; `onSite` gives it travel, as a visit's check-out does. */
  const entry = (date: string, minutes: number, onSite: boolean) =>
    getDb()
      .insert(schema.timeEntries)
      .values({
        firmId: firm.id,
        userId: ana.userId,
        clientId,
        category: 'micro',
        startedAt: localToInstant(date, 9 * 60, ZONE),
        minutes,
        travelMinutes: onSite ? 20 : 0,
        amountCents: minutes * 200,
        description: 'Work',
      })
      .returning()
      .get();
  return { firm, owner, staff, ana, clientId, entry };
}

const linesOf = (member: ReturnType<typeof setup>['staff'], id: number) =>
  getInvoice(member, id).lines.map((l) => [l.kind, l.minutes, l.amountCents]);

describe('terms that follow the tier', () => {
  it('a micro client’s draft: 15-minute increment, 1 h minimum per visit, a trip fee per on-site day, due on receipt', () => {
    const { staff, clientId, entry } = setup();
    expect(getClientTerms(staff, clientId)).toMatchObject({ source: 'tier', tier: 'micro', terms: DEFAULT_TIER_TERMS.micro });
    entry('2026-11-03', 20, true); // → 1 h minimum: $120
    entry('2026-11-03', 70, true); // → 75 min: $150
    entry('2026-11-10', 10, false); // remote → 1 h: $120, no trip
    const id = createDraftInvoice(staff, { clientId, ...PERIOD });
    expect(linesOf(staff, id)).toEqual([
      ['time', 60, 12_000],
      ['time', 75, 15_000],
      ['time', 60, 12_000],
      ['fixed', null, 3_500], // one trip, on the 3rd
    ]);
    expect(getInvoice(staff, id).invoice).toMatchObject({ totalCents: 42_500, paymentTermsDays: 0 });
    finaliseInvoice(staff, id);
    const { invoice } = getInvoice(staff, id);
    expect(invoice.dueDate).toBe(invoice.issueDate); // due on receipt
  });

  it('when the tier changes, the next invoice follows and the one already made keeps its lines and terms', async () => {
    const { owner, staff, clientId, entry } = setup();
    entry('2026-11-03', 20, true);
    const before = createDraftInvoice(staff, { clientId, ...PERIOD });
    const made = linesOf(staff, before);
    updateClient(owner, clientId, clientInput({ tierOverride: 'sweet_spot', tierOverrideReason: 'Signed for managed services' }));
    const next = getClientTerms(staff, clientId);
    expect(next).toMatchObject({ source: 'tier', tier: 'sweet_spot', lastTierChange: { fromTier: 'micro', toTier: 'sweet_spot' } });
    entry('2026-11-12', 20, true);
    const after = await prepareMonthInvoices(staff, '2026-11');
    expect(linesOf(staff, after.invoiceIds[0]!)).toEqual([['time', 30, 6_000]]); // 15-min increment, no minimum, no trip fee
    expect(getInvoice(staff, after.invoiceIds[0]!).invoice.paymentTermsDays).toBe(30);
    expect(linesOf(staff, before)).toEqual(made);
    expect(getInvoice(staff, before).invoice.paymentTermsDays).toBe(0);
    finaliseInvoice(staff, after.invoiceIds[0]!);
    const { invoice } = getInvoice(staff, after.invoiceIds[0]!);
    expect(invoice.dueDate).toBe(addDays(today(ZONE), 30));
  });

  it('a client’s own terms, with a reason, win over its tier’s, are audited, and can be returned to the tier', () => {
    const { staff, clientId, entry } = setup();
    const own = { incrementMinutes: 6, minimumMinutes: 30, tripFeeCents: 5_000, paymentTermsDays: 10 };
    setClientTerms(staff, { clientId, terms: own, reason: 'Agreed at signing' });
    expect(getClientTerms(staff, clientId)).toMatchObject({ source: 'client', terms: own, reason: 'Agreed at signing' });
    entry('2026-11-03', 20, true); // → 30 min minimum
    entry('2026-11-04', 31, false); // → 36 min
    const id = createDraftInvoice(staff, { clientId, ...PERIOD });
    expect(linesOf(staff, id)).toEqual([
      ['time', 30, 6_000],
      ['time', 36, 7_200],
      ['fixed', null, 5_000],
    ]);
    const audit = getDb()
      .select()
      .from(schema.auditLog)
      .where(and(eq(schema.auditLog.action, 'client.terms_changed'), eq(schema.auditLog.entityId, clientId)))
      .get();
    expect(audit).toMatchObject({
      before: { termsOverride: null },
      after: { termsOverride: own, termsOverrideReason: 'Agreed at signing' },
    });
    setClientTerms(staff, { clientId, terms: null, reason: null });
    expect(getClientTerms(staff, clientId)).toMatchObject({ source: 'tier', reason: null, terms: DEFAULT_TIER_TERMS.micro });
  });

  it('the owner edits a tier’s terms, audited with what changed, and the next draft follows them', () => {
    const { owner, staff, clientId, entry } = setup();
    const edited: TierTerms = { ...DEFAULT_TIER_TERMS, micro: { ...DEFAULT_TIER_TERMS.micro, minimumMinutes: 30, tripFeeCents: 0 } };
    updateTierTerms(owner, edited);
    expect(getTierTerms(staff)).toEqual(edited);
    const audit = getDb().select().from(schema.auditLog).where(eq(schema.auditLog.action, 'firm.tier_terms_updated')).all().at(-1);
    expect(audit).toMatchObject({
      before: { 'micro.minimumMinutes': 60, 'micro.tripFeeCents': 3_500 },
      after: { 'micro.minimumMinutes': 30, 'micro.tripFeeCents': 0 },
    });
    entry('2026-11-03', 20, true);
    const id = createDraftInvoice(staff, { clientId, ...PERIOD });
    expect(linesOf(staff, id)).toEqual([['time', 30, 6_000]]);
  });

  it('refuses staff and consultants the tier terms, consultants and other firms a client’s terms, with nothing written', () => {
    const { firm, owner, staff, ana, clientId } = setup();
    const other = setup();
    const edited = { ...DEFAULT_TIER_TERMS, large: { ...DEFAULT_TIER_TERMS.large, paymentTermsDays: 45 } };
    const own = { incrementMinutes: 1, minimumMinutes: 0, tripFeeCents: 0, paymentTermsDays: 5 };
    const rows = firmRows(firm.id, other.firm.id);
    expect(() => updateTierTerms(staff, edited)).toThrow(ForbiddenError);
    expect(() => updateTierTerms(ana, edited)).toThrow(ForbiddenError);
    expect(() => setClientTerms(ana, { clientId, terms: own, reason: 'x' })).toThrow(ForbiddenError);
    expect(() => setClientTerms(other.owner, { clientId, terms: own, reason: 'x' })).toThrow(NotFoundError);
    expect(() => getClientTerms(other.staff, clientId)).toThrow(NotFoundError);
    expect(() => getClientTerms(ana, clientId)).toThrow(ForbiddenError);
    expect(firmRows(firm.id, other.firm.id)).toBe(rows);
    updateTierTerms(owner, edited);
    expect(getTierTerms(other.owner)).toEqual(DEFAULT_TIER_TERMS);
  });

  it('reads every tier’s fields from the form, and names a wrong field', () => {
    const form = () =>
      Object.fromEntries(
        Object.entries(DEFAULT_TIER_TERMS).flatMap(([tier, t]) => [
          [`${tier}.incrementMinutes`, String(t.incrementMinutes)],
          [`${tier}.minimumMinutes`, String(t.minimumMinutes)],
          [`${tier}.tripFeeCents`, String(t.tripFeeCents / 100)],
          [`${tier}.paymentTermsDays`, String(t.paymentTermsDays)],
        ]),
      ) as Record<string, string>;
    expect(tierTermsSchema.parse(form())).toEqual(DEFAULT_TIER_TERMS);
    const bad = tierTermsSchema.safeParse({ ...form(), 'emerging.incrementMinutes': '0', 'micro.tripFeeCents': '' });
    expect(bad.success).toBe(false);
    expect([...new Set(bad.error!.issues.map((i) => i.path[0]))].sort()).toEqual(['emerging.incrementMinutes', 'micro.tripFeeCents']);
  });
});
