import { describe, expect, it } from 'vitest';
import { draftContract } from './contract-proposal';

describe('a contract drafted from a client’s last 12 months', () => {
  it('includes its average billed hours a month, rounded up, for those hours at its rate, from the first of next month', () => {
    // 100 h over 12 months: 8.33 h a month, so 9 h included, $95 × 9 = $855.
    expect(draftContract({ billedMinutes12m: 100 * 60, rateCents: 9_500, seats: 12, today: '2026-12-02' })).toEqual({
      name: 'Managed services (12 seats)',
      startDate: '2027-01-01',
      monthlyFeeCents: 85_500,
      includedMinutes: 9 * 60,
      overageRateCents: 9_500,
    });
  });

  it('rounds the fee to whole dollars, starts next month from any day of this one, and includes at least an hour', () => {
    const d = draftContract({ billedMinutes12m: 0, rateCents: 12_345, seats: 1, today: '2026-01-31' });
    expect([d.startDate, d.includedMinutes, d.monthlyFeeCents, d.name]).toEqual(['2026-02-01', 60, 12_300, 'Managed services (1 seat)']);
    expect(draftContract({ billedMinutes12m: 12 * 60 * 10, rateCents: 10_000, seats: 20, today: '2026-02-28' })).toMatchObject({
      startDate: '2026-03-01',
      includedMinutes: 600, // exactly 10 h a month: no rounding up
      monthlyFeeCents: 100_000,
    });
  });
});
