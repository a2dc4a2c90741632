import type { Tier } from '@/db/schema';

export type { Tier };

export type TierThresholds = {
  microMaxSeats: number;
  sweetSpotMinSeats: number;
  sweetSpotRequiresServer: boolean;
  sweetSpotMinRevenueCents: number;
  largeMinSeats: number;
};

export type ClientFacts = {
  seats: number;
  hasServer: boolean;
  /** Everything billed to the client in the last 12 months: hourly work and charges. */
  revenue12mCents: number;
  tierOverride?: Tier | null;
  tierOverrideReason?: string | null;
};

export type TierResult = { tier: Tier; reason: string; overridden: boolean };

export const tierLabels: Record<Tier, string> = {
  micro: 'Micro',
  emerging: 'Emerging',
  sweet_spot: 'Sweet spot',
  large: 'Large',
};

export const tierOrder: readonly Tier[] = ['micro', 'emerging', 'sweet_spot', 'large'];

const dollars = (cents: number) => `$${Math.floor(cents / 100).toLocaleString('en-US')}`; // floor: never round up to a threshold
const seatsText = (n: number) => `${n} seat${n === 1 ? '' : 's'}`;

/**
 * The tier of a client and the reason in words. Pure: the caller supplies the
 * billing and the firm's thresholds. A manual override wins and says so.
 */
export function classifyClient(facts: ClientFacts, t: TierThresholds): TierResult {
  if (facts.tierOverride) {
    const why = facts.tierOverrideReason?.trim();
    return {
      tier: facts.tierOverride,
      reason: `${tierLabels[facts.tierOverride].toLowerCase()} (set by hand${why ? `: ${why}` : ''})`,
      overridden: true,
    };
  }
  const seats = seatsText(facts.seats);
  const server = facts.hasServer ? 'server' : 'no server';
  const billed = `${dollars(facts.revenue12mCents)} billed in 12 months`;

  if (facts.seats >= t.largeMinSeats)
    return { tier: 'large', reason: `large: ${seats} (large from ${t.largeMinSeats})`, overridden: false };

  const enoughSeats = facts.seats >= t.sweetSpotMinSeats;
  const serverOk = facts.hasServer || !t.sweetSpotRequiresServer;
  const revenueOk = facts.revenue12mCents >= t.sweetSpotMinRevenueCents;
  if (enoughSeats && serverOk && revenueOk) {
    return { tier: 'sweet_spot', reason: `sweet spot: ${seats}, ${server}, ${billed}`, overridden: false };
  }
  if (facts.seats <= t.microMaxSeats && !facts.hasServer) {
    return { tier: 'micro', reason: `micro: ${seats}, no server`, overridden: false };
  }
  const missing: string[] = [];
  if (!enoughSeats) missing.push(`${t.sweetSpotMinSeats} seats`);
  if (!serverOk) missing.push('a server');
  if (!revenueOk) missing.push(`${dollars(t.sweetSpotMinRevenueCents)} billed`);
  return {
    tier: 'emerging',
    reason: `emerging: ${seats}, ${server}, ${billed}; sweet spot needs ${missing.join(', ')}`,
    overridden: false,
  };
}
