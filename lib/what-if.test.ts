import { describe, expect, it } from 'vitest';
import { referralWhatIf } from './what-if';

describe('referralWhatIf', () => {
  it('frees the client hours and shows the blended rate without it', () => {
    // Firm: $120,000 over 1,200 h = $100/h. Client: $3,120 over 52 h = $60/h.
    const r = referralWhatIf({ revenue12mCents: 312_000, minutes12m: 52 * 60 }, { revenueCents: 12_000_000, minutes: 1200 * 60 }, 480);
    expect(r.minutesFreedPerMonth).toBe(260);
    expect(r.revenueLostPerMonthCents).toBe(26_000);
    expect(r.blendedNowCents).toBe(10_000);
    // (120,000 − 3,120) / (1,200 − 52) = $101.81
    expect(r.blendedAfterCents).toBe(10_181);
    expect(r.blendedChangeCents).toBe(181);
    expect(r.minutesFreedPerWeek).toBe(60);
    expect(r.marketingTargetShare).toBeCloseTo(0.125);
  });

  it('has no rate without hours', () => {
    const r = referralWhatIf({ revenue12mCents: 0, minutes12m: 0 }, { revenueCents: 0, minutes: 0 }, 480);
    expect(r.blendedNowCents).toBeNull();
    expect(r.blendedAfterCents).toBeNull();
    expect(r.blendedChangeCents).toBeNull();
  });
});
