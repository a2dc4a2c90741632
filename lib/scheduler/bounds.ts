import type { Board } from './board';
import type { Visit } from './prepare';

/**
 * Upper bounds on the priority a board can still reach: the search stops when
 * its best meets one (a proven optimum), and the result reports how far from
 * the best possible it may be.
 */
/** The fractional knapsack: the most priority that fits `capacity` when visits may be cut. */
export function knapsack(list: Visit[], weight: (v: Visit) => number, capacity: number): number {
  const sorted = list.slice().sort((x, y) => y.priority / weight(y) - x.priority / weight(x));
  let total = 0;
  for (const v of sorted) {
    const w = weight(v);
    if (w <= capacity) {
      total += v.priority;
      capacity -= w;
    } else {
      total += (v.priority * capacity) / w;
      break;
    }
  }
  return total;
}

export function totalFree(board: Board): number {
  let free = 0;
  for (const p of board.p.pieces) {
    free += p.b - p.a;
    for (let i = 0; i < p.occ.length; i += 2) free -= p.occ[i + 1]! - p.occ[i]!;
  }
  return free;
}

/** Visit minutes still allowed: per consultant and week, the smaller of the cap left and the free minutes left. */
export function capRoom(board: Board): number {
  const free = new Float64Array(board.p.consultantWeeks.length);
  for (const p of board.p.pieces) {
    let f = p.b - p.a;
    for (let i = 0; i < p.occ.length; i += 2) f -= p.occ[i + 1]! - p.occ[i]!;
    free[p.cw]! += f;
  }
  let room = 0;
  board.p.consultantWeeks.forEach(
    ({ consultant }, cw) => (room += Math.min(free[cw]!, Math.max(0, board.p.caps[consultant]! - board.use[cw]!))),
  );
  return room;
}

/**
 * An upper bound on what the board can reach by placing visits order[k..]: the
 * smaller of "every remaining visit that still fits" and a fractional knapsack
 * of the remaining free minutes (and of the weekly caps' room).
 */
export function bound(board: Board, k: number): number {
  const order = board.p.order;
  const remaining: Visit[] = [];
  let simple = 0;
  for (let i = k; i < order.length; i++) {
    const v = order[i]!;
    if (board.fits(v)) {
      remaining.push(v);
      simple += v.priority;
    }
  }
  if (board.value + simple <= board.best) return board.value + simple;
  // Footprints are disjoint and lie in free time; visit minutes are bounded by the weekly caps (and free time).
  const footprintBound = knapsack(remaining, (v) => v.duration + 2 * v.travel, totalFree(board));
  const room = capRoom(board);
  const capBound = Number.isFinite(room) ? knapsack(remaining, (v) => v.capMinutes, room) : Infinity;
  return board.value + Math.min(simple, Math.floor(Math.min(footprintBound, capBound) + 1e-9));
}
