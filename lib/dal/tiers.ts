import 'server-only';
import { ensureFreshTiers } from './internal/tiering';
import type { Member } from './session';

/**
 * Recomputes the caller's firm's tiers when the last pass is over an hour old
 * (the 12-month window slides every day), so a page that shows tier badges
 * never shows yesterday's tier. Any member's page may ask: it changes no
 * one's data, only what is derived from it, and each change is recorded in
 * the client's tier history.
 */
export function keepTiersFresh(member: Member, now = Date.now()): void {
  ensureFreshTiers(member.firmId, now);
}
