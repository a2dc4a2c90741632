import { describe, expect, it } from 'vitest';
import { classifyClient, type TierThresholds } from './tiers';

const defaults: TierThresholds = {
  microMaxSeats: 5,
  sweetSpotMinSeats: 10,
  sweetSpotRequiresServer: true,
  sweetSpotMinRevenueCents: 500_000,
  largeMinSeats: 100,
};
const tierOf = (seats: number, hasServer: boolean, revenue12mCents: number, t = defaults) =>
  classifyClient({ seats, hasServer, revenue12mCents }, t);

describe('classifyClient', () => {
  it('5 seats without a server is micro, 6 is emerging', () => {
    expect(tierOf(5, false, 0)).toEqual({ tier: 'micro', reason: 'micro: 5 seats, no server', overridden: false });
    expect(tierOf(6, false, 0).tier).toBe('emerging');
    expect(tierOf(6, false, 0).reason).toBe(
      'emerging: 6 seats, no server, $0 billed in 12 months; sweet spot needs 10 seats, a server, $5,000 billed',
    );
  });

  it('a micro-sized client with a real server is emerging, not micro', () => {
    expect(tierOf(4, true, 0).tier).toBe('emerging');
  });

  it('9 seats is emerging, 10 with a server and enough billing is sweet spot', () => {
    expect(tierOf(9, true, 900_000).tier).toBe('emerging');
    expect(tierOf(9, true, 900_000).reason).toBe('emerging: 9 seats, server, $9,000 billed in 12 months; sweet spot needs 10 seats');
    expect(tierOf(10, true, 500_000)).toEqual({
      tier: 'sweet_spot',
      reason: 'sweet spot: 10 seats, server, $5,000 billed in 12 months',
      overridden: false,
    });
  });

  it('needs the server unless the firm says otherwise', () => {
    expect(tierOf(12, false, 900_000).tier).toBe('emerging');
    expect(tierOf(12, false, 900_000, { ...defaults, sweetSpotRequiresServer: false }).tier).toBe('sweet_spot');
  });

  it('revenue just under the threshold is emerging, at it sweet spot', () => {
    expect(tierOf(12, true, 499_999).tier).toBe('emerging');
    expect(tierOf(12, true, 499_999).reason).toBe('emerging: 12 seats, server, $4,999 billed in 12 months; sweet spot needs $5,000 billed');
    expect(tierOf(12, true, 500_000).tier).toBe('sweet_spot');
    expect(tierOf(12, true, 500_001).tier).toBe('sweet_spot');
  });

  it('99 seats is not large, 100 is, whatever the server and billing', () => {
    expect(tierOf(99, true, 10_000_000).tier).toBe('sweet_spot');
    expect(tierOf(100, false, 0)).toEqual({ tier: 'large', reason: 'large: 100 seats (large from 100)', overridden: false });
  });

  it('follows changed thresholds', () => {
    const t = { ...defaults, microMaxSeats: 3, sweetSpotMinSeats: 8 };
    expect(tierOf(4, false, 0, t).tier).toBe('emerging');
    expect(tierOf(8, true, 600_000, t).tier).toBe('sweet_spot');
  });

  it('an override wins and is shown as such with its reason', () => {
    const r = classifyClient(
      {
        seats: 3,
        hasServer: false,
        revenue12mCents: 0,
        tierOverride: 'sweet_spot',
        tierOverrideReason: 'Opening a second office in March',
      },
      defaults,
    );
    expect(r).toEqual({ tier: 'sweet_spot', reason: 'sweet spot (set by hand: Opening a second office in March)', overridden: true });
  });

  it('says "1 seat", not "1 seats"', () => {
    expect(tierOf(1, false, 0).reason).toBe('micro: 1 seat, no server');
  });
});
