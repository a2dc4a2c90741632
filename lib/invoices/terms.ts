import type { Tier } from '@/db/schema';
import { DEFAULT_TIER_TERMS, type BillingTerms, type TierTerms } from './terms-defaults';

export { DEFAULT_TIER_TERMS, type BillingTerms, type TierTerms };
import { formatMoney } from '@/lib/format';
import { formatHours } from '@/lib/time/format';

/** Terms that change nothing: every minute as worked, no trip fee. */
export const PLAIN_TERMS: BillingTerms = { incrementMinutes: 1, minimumMinutes: 0, tripFeeCents: 0, paymentTermsDays: 30 };

const KEYS = ['incrementMinutes', 'minimumMinutes', 'tripFeeCents', 'paymentTermsDays'] as const;

function isTerms(value: unknown): value is BillingTerms {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return KEYS.every((k) => Number.isSafeInteger(v[k]) && (v[k] as number) >= 0) && v.incrementMinutes !== 0;
}

/** A firm's stored tier terms, each tier checked: one that is missing or malformed falls back to the default. */
export function tierTermsFrom(stored: unknown): TierTerms {
  const s = (typeof stored === 'object' && stored !== null ? stored : {}) as Record<string, unknown>;
  const pick = (tier: Tier) => (isTerms(s[tier]) ? (s[tier] as BillingTerms) : DEFAULT_TIER_TERMS[tier]);
  return { micro: pick('micro'), emerging: pick('emerging'), sweet_spot: pick('sweet_spot'), large: pick('large') };
}

export type EffectiveTerms = { terms: BillingTerms; source: 'tier' | 'client'; tier: Tier };

/** The terms a client's next invoice uses: its own override when it has a valid one, else its tier's. */
export function termsForClient(client: { tier: Tier; termsOverride: unknown }, tierTerms: TierTerms): EffectiveTerms {
  if (isTerms(client.termsOverride)) return { terms: client.termsOverride, source: 'client', tier: client.tier };
  return { terms: tierTerms[client.tier], source: 'tier', tier: client.tier };
}

/** The minutes billed for one entry: rounded up to the increment, then raised to the minimum. */
export function billedMinutes(minutes: number, terms: BillingTerms): number {
  if (minutes <= 0) return 0;
  const step = Math.max(1, terms.incrementMinutes);
  return Math.max(Math.ceil(minutes / step) * step, terms.minimumMinutes);
}

/**
 * One entry re-priced under terms. An entry's stored amountCents is its worked
 * minutes at the rate in force when it was recorded, rounded once
 * (lib/money.ts); that stays the record of the work. The invoice bills the
 * billed minutes at that same per-minute price — amountCents × billed /
 * worked, rounded half up to the cent — so a later change of the client's
 * rate does not re-price old work, and terms that change no minute leave the
 * amount exactly as stored.
 */
export function priceEntry(entry: { minutes: number; amountCents: number }, terms: BillingTerms): { minutes: number; amountCents: number } {
  const minutes = billedMinutes(entry.minutes, terms);
  if (entry.minutes <= 0 || minutes === entry.minutes) return { minutes, amountCents: entry.amountCents };
  return { minutes, amountCents: Math.round((entry.amountCents * minutes) / entry.minutes) };
}

/** The days that get a trip fee: each distinct day with on-site work, in order; none when the terms have no fee. */
export function tripFeeDays(entries: { day: string; onSite: boolean }[], terms: BillingTerms): string[] {
  if (terms.tripFeeCents <= 0) return [];
  return [...new Set(entries.filter((e) => e.onSite).map((e) => e.day))].sort();
}

/** "15 min increment, 1 h minimum, $35 trip fee, due on receipt". */
export function describeTerms(t: BillingTerms): string {
  return [
    t.incrementMinutes <= 1 ? 'billed by the minute' : `${t.incrementMinutes} min increment`,
    t.minimumMinutes > 0 ? `${t.minimumMinutes < 60 ? `${t.minimumMinutes} min` : formatHours(t.minimumMinutes)} minimum` : 'no minimum',
    t.tripFeeCents > 0 ? `${formatMoney(t.tripFeeCents)} trip fee` : 'no trip fee',
    t.paymentTermsDays === 0 ? 'due on receipt' : `net ${t.paymentTermsDays}`,
  ].join(', ');
}

/** Work done at the client's: an entry from a visit's check-out, or one that records travel to get there. */
export function isOnSite(entry: { visitId: number | null; travelMinutes: number }): boolean {
  return entry.visitId !== null || entry.travelMinutes > 0;
}
