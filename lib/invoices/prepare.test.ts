import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { priceLine } from './totals';
import { PLAIN_TERMS } from './terms';
import { activeIn, monthBounds, planMonth, type MonthlyContract, type PlanInput, type UnbilledEntry } from './prepare';

const contract = (over: Partial<MonthlyContract> = {}): MonthlyContract => ({
  id: 1,
  clientId: 10,
  name: 'Managed services',
  startDate: '2026-01-01',
  endDate: null,
  monthlyFeeCents: 50_000,
  perSeatCents: 0,
  includedMinutes: 0,
  overageRateCents: null,
  ...over,
});
const client = { id: 10, seats: 12, rateCents: 12_000, taxExempt: false, terms: PLAIN_TERMS };
const entry = (id: number, day: string, minutes: number, clientId = 10): UnbilledEntry => ({
  id,
  clientId,
  day,
  minutes,
  amountCents: Math.round((minutes * 12_000) / 60),
  onSite: false,
});
const plan = (over: Partial<PlanInput>) =>
  planMonth({ month: '2026-12', clients: [client], contracts: [], entries: [], prepared: new Set(), defaultTaxRateMilli: 0, ...over });

describe('monthBounds and activeIn', () => {
  it('knows the last day of each month, leap years included', () => {
    expect(monthBounds('2026-12')).toEqual({ first: '2026-12-01', last: '2026-12-31' });
    expect(monthBounds('2028-02').last).toBe('2028-02-29');
    expect(monthBounds('2026-02').last).toBe('2026-02-28');
    expect(() => monthBounds('2026-13')).toThrow(RangeError);
  });

  it('bills a contract in a month it touches on any day', () => {
    expect(activeIn({ startDate: '2026-12-31', endDate: null }, '2026-12-01', '2026-12-31')).toBe(true);
    expect(activeIn({ startDate: '2025-01-01', endDate: '2026-12-01' }, '2026-12-01', '2026-12-31')).toBe(true);
    expect(activeIn({ startDate: '2025-01-01', endDate: '2026-11-30' }, '2026-12-01', '2026-12-31')).toBe(false);
    expect(activeIn({ startDate: '2027-01-01', endDate: null }, '2026-12-01', '2026-12-31')).toBe(false);
  });
});

describe('planMonth', () => {
  it('bills a fixed fee and a price per seat times the client’s seats', () => {
    const [draft] = plan({ contracts: [contract({ perSeatCents: 2_500 })] });
    expect(draft).toMatchObject({ clientId: 10, contractId: 1, periodStart: '2026-12-01', periodEnd: '2026-12-31' });
    expect(draft!.lines.map((l) => [l.description, l.quantityMilli, l.unitPriceCents])).toEqual([
      ['Managed services — December 2026', 1000, 50_000],
      ['Managed services — 12 seats × $25, December 2026', 12_000, 2_500],
    ]);
  });

  it('charges only the hours beyond those included, at the overage rate', () => {
    const contracts = [contract({ monthlyFeeCents: 40_000, includedMinutes: 120, overageRateCents: 9_000 })];
    const [draft] = plan({ contracts, entries: [entry(1, '2026-12-02', 90), entry(2, '2026-12-09', 75)] });
    const time = draft!.lines.find((l) => l.kind === 'time')!;
    expect(time).toMatchObject({ minutes: 165, timeAmountCents: 6_750, entryIds: [1, 2] }); // 45 min at $90/h
    expect(time.description).toMatch(/^Support: .* worked, 2 h included; .* beyond at \$90\/h$/);
    const [under] = plan({ contracts, entries: [entry(1, '2026-12-02', 60)] });
    expect(under!.lines.find((l) => l.kind === 'time')!.timeAmountCents).toBe(0);
  });

  it('bills work without a contract by day, earlier months’ unbilled work included, later work left', () => {
    const [draft] = plan({
      entries: [entry(1, '2026-11-20', 60), entry(2, '2026-12-03', 30), entry(3, '2026-12-03', 30), entry(4, '2027-01-02', 60)],
    });
    expect(draft).toMatchObject({ contractId: null, periodStart: '2026-11-20' });
    expect(draft!.lines.map((l) => [l.entryIds, l.timeAmountCents])).toEqual([
      [[1], 12_000],
      [[2, 3], 12_000],
    ]);
  });

  it('skips clients with nothing to bill, ended contracts and clients already prepared', () => {
    expect(plan({ contracts: [contract({ endDate: '2026-11-30' })] })).toEqual([]);
    expect(plan({ contracts: [contract()], prepared: new Set([10]) })).toEqual([]);
    expect(plan({ clients: [client, { ...client, id: 11 }], contracts: [contract()] }).map((d) => d.clientId)).toEqual([10]);
  });

  it('taxes at the firm’s default unless the client is tax-exempt', () => {
    expect(plan({ contracts: [contract()], defaultTaxRateMilli: 8_875 })[0]!.lines[0]!.taxRateMilli).toBe(8_875);
    const exempt = { ...client, taxExempt: true };
    expect(plan({ clients: [exempt], contracts: [contract()], defaultTaxRateMilli: 8_875 })[0]!.lines[0]!.taxRateMilli).toBe(0);
  });

  it('bills every unbilled entry of the month exactly once, whatever the contracts', () => {
    const arb = fc.record({
      entries: fc.array(
        fc.record({
          day: fc.integer({ min: 1, max: 31 }),
          minutes: fc.integer({ min: 1, max: 480 }),
          clientId: fc.constantFrom(10, 11, 12),
        }),
        {
          maxLength: 40,
        },
      ),
      included: fc.constantFrom(0, 60, 600),
    });
    fc.assert(
      fc.property(arb, ({ entries, included }) => {
        const es = entries.map((e, i) => entry(i + 1, `2026-12-${String(e.day).padStart(2, '0')}`, e.minutes, e.clientId));
        const clients = [10, 11, 12].map((id) => ({ ...client, id }));
        const drafts = plan({ clients, entries: es, contracts: [contract({ clientId: 11, includedMinutes: included })] });
        const billed = drafts.flatMap((d) => d.lines.flatMap((l) => l.entryIds)).sort((a, b) => a - b);
        expect(billed).toEqual(es.map((e) => e.id));
        for (const d of drafts) for (const l of d.lines) expect(priceLine({ ...l, kind: l.kind }).amountCents).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});
