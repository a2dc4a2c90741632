// Imported by db/schema.ts (the column default), so only relative, type-only imports here: drizzle-kit loads it too.
import type { Tier } from '../../db/schema';

/**
 * Billing terms: how a client's work is turned into money and when it is due.
 * Each tier has its own (firm settings); a client may override its tier's.
 * Micro work pays for the time it costs — a short call still costs the drive
 * and the context switch — so its terms round up and charge a minimum and a
 * trip fee; sweet-spot clients get plain terms and a contract.
 */
export type BillingTerms = {
  /** Each entry's minutes are rounded up to a multiple of this (1: billed to the minute). */
  incrementMinutes: number;
  /** Each entry (a visit or a piece of work) is billed at least this many minutes (0: no minimum). */
  minimumMinutes: number;
  /** Charged once per day with on-site work (0: none). */
  tripFeeCents: number;
  /** Days from the invoice date to its due date (0: due on receipt). */
  paymentTermsDays: number;
};

export type TierTerms = Record<Tier, BillingTerms>;

export const DEFAULT_TIER_TERMS: TierTerms = {
  micro: { incrementMinutes: 15, minimumMinutes: 60, tripFeeCents: 3500, paymentTermsDays: 0 },
  emerging: { incrementMinutes: 15, minimumMinutes: 30, tripFeeCents: 0, paymentTermsDays: 15 },
  sweet_spot: { incrementMinutes: 15, minimumMinutes: 0, tripFeeCents: 0, paymentTermsDays: 30 },
  large: { incrementMinutes: 15, minimumMinutes: 0, tripFeeCents: 0, paymentTermsDays: 30 },
};
