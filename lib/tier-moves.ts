import type { Tier } from '@/lib/tiers';
import { localDate } from '@/lib/time/zoned';

export type TierMove = { clientId: number; name: string; fromTier: Tier; toTier: Tier; at: number };

/**
 * The tier movements worth showing, from the raw tier_changes of a span.
 * Within one day on the firm's clock a client's changes are one movement, from
 * where it stood before the first to where it stood after the last: trying a
 * threshold and putting it back (A→B→A) is no movement at all, and A→B→C is
 * A→C. Changes on different days stay separate movements. `changes` may come
 * in any order; ties on `at` keep their given order. Newest first.
 */
export function netTierMoves(changes: readonly TierMove[], timeZone: string): TierMove[] {
  const ordered = changes.map((c, i) => ({ c, i })).sort((a, b) => a.c.at - b.c.at || a.i - b.i);
  const byClientDay = new Map<string, TierMove>();
  for (const { c } of ordered) {
    const key = `${c.clientId}:${localDate(c.at, timeZone)}`;
    const first = byClientDay.get(key);
    byClientDay.set(key, first ? { ...c, fromTier: first.fromTier } : { ...c });
  }
  return [...byClientDay.values()].filter((m) => m.fromTier !== m.toTier).sort((a, b) => b.at - a.at);
}
