import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { netTierMoves, type TierMove } from './tier-moves';

const ZONE = 'America/Chicago';
const at = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).toMillis();
const move = (clientId: number, fromTier: TierMove['fromTier'], toTier: TierMove['toTier'], iso: string): TierMove => ({
  clientId,
  name: `Client ${clientId}`,
  fromTier,
  toTier,
  at: at(iso),
});
const shown = (moves: TierMove[]) => moves.map((m) => `${m.clientId}:${m.fromTier}>${m.toTier}`);

describe('netTierMoves', () => {
  it('drops a change undone the same day on the firm clock', () => {
    const moves = [move(1, 'sweet_spot', 'emerging', '2026-11-25T09:00'), move(1, 'emerging', 'sweet_spot', '2026-11-25T09:05')];
    expect(netTierMoves(moves, ZONE)).toEqual([]);
  });

  it('shows A→B→C the same day as A→C, dated at the last change', () => {
    const moves = [move(1, 'micro', 'emerging', '2026-11-25T09:00'), move(1, 'emerging', 'sweet_spot', '2026-11-25T17:00')];
    const net = netTierMoves(moves, ZONE);
    expect(shown(net)).toEqual(['1:micro>sweet_spot']);
    expect(net[0]!.at).toBe(at('2026-11-25T17:00'));
  });

  it('keeps changes on different days of the firm zone apart, even when they are minutes apart in UTC', () => {
    // 23:50 and 00:10 in Chicago: two days there, one day in UTC (05:50 and 06:10).
    const moves = [move(1, 'sweet_spot', 'emerging', '2026-11-24T23:50'), move(1, 'emerging', 'sweet_spot', '2026-11-25T00:10')];
    expect(shown(netTierMoves(moves, ZONE))).toEqual(['1:emerging>sweet_spot', '1:sweet_spot>emerging']);
    // 17:50 and 18:10 in Chicago are one day there, though 23:50 and 00:10 in UTC.
    const sameDay = [move(2, 'large', 'sweet_spot', '2026-11-25T17:50'), move(2, 'sweet_spot', 'large', '2026-11-25T18:10')];
    expect(netTierMoves(sameDay, ZONE)).toEqual([]);
  });

  it('nets each client on its own, in any input order, newest first', () => {
    const moves = [
      move(2, 'micro', 'emerging', '2026-11-20T10:00'),
      move(1, 'emerging', 'sweet_spot', '2026-11-25T10:05'),
      move(3, 'large', 'sweet_spot', '2026-11-25T08:00'),
      move(1, 'sweet_spot', 'emerging', '2026-11-25T10:00'),
      move(3, 'sweet_spot', 'emerging', '2026-11-25T08:30'),
    ];
    expect(shown(netTierMoves(moves, ZONE))).toEqual(['3:large>emerging', '2:micro>emerging']);
  });

  it('keeps the given order of changes made at the same instant', () => {
    const moves = [move(1, 'micro', 'emerging', '2026-11-25T10:00'), move(1, 'emerging', 'large', '2026-11-25T10:00')];
    expect(shown(netTierMoves(moves, ZONE))).toEqual(['1:micro>large']);
  });
});
