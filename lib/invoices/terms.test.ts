import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { amountForMinutes } from '@/lib/money';
import { planMonth, type UnbilledEntry } from './prepare';
import {
  billedMinutes,
  DEFAULT_TIER_TERMS,
  describeTerms,
  PLAIN_TERMS,
  priceEntry,
  termsForClient,
  tierTermsFrom,
  tripFeeDays,
  type BillingTerms,
} from './terms';
import { priceLine } from './totals';

const micro = DEFAULT_TIER_TERMS.micro; // 15-min increment, 1 h minimum, $35 trip fee, due on receipt
const terms = (over: Partial<BillingTerms>): BillingTerms => ({ ...PLAIN_TERMS, ...over });

describe('billed minutes under terms', () => {
  it('rounds each entry up to the increment, then to the minimum', () => {
    expect(billedMinutes(7, terms({ incrementMinutes: 15 }))).toBe(15);
    expect(billedMinutes(15, terms({ incrementMinutes: 15 }))).toBe(15);
    expect(billedMinutes(16, terms({ incrementMinutes: 15 }))).toBe(30);
    expect(billedMinutes(20, micro)).toBe(60); // a 20-minute call is billed the hour minimum
    expect(billedMinutes(61, micro)).toBe(75);
    expect(billedMinutes(7, PLAIN_TERMS)).toBe(7);
    expect(billedMinutes(0, micro)).toBe(0); // no work, no minimum
  });

  it('re-prices an entry at its own per-minute price, leaving it unchanged when no minute changes', () => {
    // 20 min at $120/h was stored as $40.00; under the 1 h minimum it bills 60 min: $120.00.
    expect(priceEntry({ minutes: 20, amountCents: 4_000 }, micro)).toEqual({ minutes: 60, amountCents: 12_000 });
    // 7 min at $95/h stored as 1,108 cents; 15 min at that price is 1108 × 15/7 = 2,374.28… → 2,374.
    expect(priceEntry({ minutes: 7, amountCents: 1_108 }, terms({ incrementMinutes: 15 }))).toEqual({ minutes: 15, amountCents: 2_374 });
    expect(priceEntry({ minutes: 45, amountCents: 1_234 }, terms({ incrementMinutes: 15 }))).toEqual({ minutes: 45, amountCents: 1_234 });
  });

  it('never bills less than the work or more than the next increment or the minimum, and loses no cent', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 600 }),
        fc.integer({ min: 1, max: 40_000 }),
        fc.constantFrom(1, 5, 6, 10, 15, 30, 60),
        fc.constantFrom(0, 15, 30, 60, 120),
        (minutes, rate, incrementMinutes, minimumMinutes) => {
          const t = terms({ incrementMinutes, minimumMinutes });
          const stored = amountForMinutes(minutes, rate);
          const priced = priceEntry({ minutes, amountCents: stored }, t);
          expect(priced.minutes).toBeGreaterThanOrEqual(minutes);
          expect(priced.minutes % incrementMinutes === 0 || priced.minutes === minimumMinutes).toBe(true);
          expect(priced.minutes).toBeLessThan(Math.max(minutes + incrementMinutes, minimumMinutes + 1));
          expect(priced.amountCents).toBeGreaterThanOrEqual(stored);
          // Exactly the stored per-minute price times the billed minutes, rounded once: within half a cent.
          expect(Math.abs(priced.amountCents * minutes - stored * priced.minutes)).toBeLessThanOrEqual(minutes / 2);
          expect(priceEntry({ minutes, amountCents: stored }, PLAIN_TERMS).amountCents).toBe(stored);
        },
      ),
    );
  });
});

describe('trip fees and terms in words', () => {
  it('charges one trip fee per day with on-site work, none when the terms have no fee', () => {
    const entries = [
      { day: '2026-12-03', onSite: true },
      { day: '2026-12-03', onSite: true },
      { day: '2026-12-01', onSite: true },
      { day: '2026-12-02', onSite: false },
    ];
    expect(tripFeeDays(entries, micro)).toEqual(['2026-12-01', '2026-12-03']);
    expect(tripFeeDays(entries, DEFAULT_TIER_TERMS.sweet_spot)).toEqual([]);
  });

  it('says the terms as the client page shows them', () => {
    expect(describeTerms(micro)).toBe('15 min increment, 1 h minimum, $35 trip fee, due on receipt');
    expect(describeTerms(DEFAULT_TIER_TERMS.sweet_spot)).toBe('15 min increment, no minimum, no trip fee, net 30');
  });

  it('uses the client’s override when it has one, its tier’s otherwise, and repairs malformed stored terms', () => {
    const own = terms({ paymentTermsDays: 7 });
    expect(termsForClient({ tier: 'micro', termsOverride: null }, DEFAULT_TIER_TERMS)).toEqual({
      terms: micro,
      source: 'tier',
      tier: 'micro',
    });
    expect(termsForClient({ tier: 'micro', termsOverride: own }, DEFAULT_TIER_TERMS).terms).toBe(own);
    expect(tierTermsFrom({ micro: { incrementMinutes: 0 }, large: own })).toEqual({ ...DEFAULT_TIER_TERMS, large: own });
  });
});

describe('a month prepared under terms', () => {
  const client = { id: 10, seats: 3, rateCents: 12_000, taxExempt: false, terms: micro };
  const entry = (id: number, day: string, minutes: number, onSite: boolean): UnbilledEntry => ({
    id,
    clientId: 10,
    day,
    minutes,
    amountCents: amountForMinutes(minutes, 12_000),
    onSite,
  });

  it('bills the minimum per visit and a trip fee per on-site day, due on receipt terms aside', () => {
    const entries = [entry(1, '2026-12-02', 20, true), entry(2, '2026-12-02', 50, true), entry(3, '2026-12-05', 10, false)];
    const [draft] = planMonth({ month: '2026-12', clients: [client], contracts: [], entries, prepared: new Set(), defaultTaxRateMilli: 0 });
    expect(draft!.lines.map((l) => [l.kind, l.minutes, priceLine(l).amountCents])).toEqual([
      ['time', 120, 24_000], // 20 → 60 min and 50 → 60 min at $120/h
      ['time', 60, 12_000], // 10 min by phone → the 1 h minimum, no trip
      ['fixed', null, 3_500], // one trip on the 2nd
    ]);
  });

  it('bills, for any month of work, the sum of the entries re-priced plus the trip fees — no cent lost or added', () => {
    const arb = fc.array(
      fc.record({ day: fc.integer({ min: 1, max: 28 }), minutes: fc.integer({ min: 1, max: 300 }), onSite: fc.boolean() }),
      {
        minLength: 1,
        maxLength: 30,
      },
    );
    fc.assert(
      fc.property(arb, (raw) => {
        const entries = raw.map((e, i) => entry(i + 1, `2026-12-${String(e.day).padStart(2, '0')}`, e.minutes, e.onSite));
        const [draft] = planMonth({
          month: '2026-12',
          clients: [client],
          contracts: [],
          entries,
          prepared: new Set(),
          defaultTaxRateMilli: 8_875,
        });
        const billed = draft!.lines.reduce((s, l) => s + priceLine(l).amountCents, 0);
        const expected =
          entries.reduce((s, e) => s + priceEntry(e, micro).amountCents, 0) + tripFeeDays(entries, micro).length * micro.tripFeeCents;
        expect(billed).toBe(expected);
        expect(draft!.lines.flatMap((l) => l.entryIds).sort((a, b) => a - b)).toEqual(entries.map((e) => e.id));
      }),
    );
  });
});
