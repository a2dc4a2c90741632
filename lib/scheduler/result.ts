import type { Board } from './board';
import { formatDateTime } from './clock';
import type { Result } from './types';

/** The result: the best schedule's placements, and each unplaced visit with the reason, explained against the best schedule. */
export function result(board: Board): Result {
  const { instance, visits, pieces } = board.p;
  const bestAt = board.bestAt;
  const placements: Result['placements'] = [];
  const unplaced: Result['unplaced'] = [];
  // Re-apply the best schedule to explain the unplaced against it.
  board.restore(bestAt);
  for (const v of visits) {
    const spot = bestAt[v.index];
    if (spot) {
      placements.push({
        visitId: v.id,
        consultantId: instance.consultants[pieces[spot.piece]!.consultant]!.id,
        start: formatDateTime(spot.start),
        end: formatDateTime(spot.start + v.duration),
      });
    } else if (v.segments.length === 0) {
      unplaced.push({ visitId: v.id, reason: v.reasonIfNone });
    } else {
      const capped = v.segments.every((seg) => !board.capOk(v, pieces[seg.piece]!));
      unplaced.push({
        visitId: v.id,
        reason: capped
          ? "its consultants' weekly micro-visit cap is reached in every week it could go"
          : 'its free slots went to visits of higher or equal priority (widen its window or allow more consultants)',
      });
    }
  }
  placements.sort((x, y) => (x.start < y.start ? -1 : x.start > y.start ? 1 : x.visitId < y.visitId ? -1 : 1));
  return { placements, unplaced };
}
