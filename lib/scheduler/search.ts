import { footprintKey, type Board } from './board';
import { ceilTo, floorTo, type Spot, type Visit } from './prepare';

/** The fractional knapsack: the most priority that fits `capacity` when visits may be cut. */
function knapsack(list: Visit[], weight: (v: Visit) => number, capacity: number): number {
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

function totalFree(board: Board): number {
  let free = 0;
  for (const p of board.p.pieces) {
    free += p.b - p.a;
    for (let i = 0; i < p.occ.length; i += 2) free -= p.occ[i + 1]! - p.occ[i]!;
  }
  return free;
}

/** Visit minutes still allowed: per consultant and week, the smaller of the cap left and the free minutes left. */
function capRoom(board: Board): number {
  const free = new Map<string, number>();
  for (const p of board.p.pieces) {
    let f = p.b - p.a;
    for (let i = 0; i < p.occ.length; i += 2) f -= p.occ[i + 1]! - p.occ[i]!;
    const key = `${p.consultant}:${p.week}`;
    free.set(key, (free.get(key) ?? 0) + f);
  }
  let room = 0;
  for (const [key, f] of free) {
    const [c, w] = key.split(':').map(Number) as [number, number];
    room += Math.min(f, Math.max(0, board.p.caps[c]! - (board.weekUse[c]!.get(w) ?? 0)));
  }
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

/** Window edges of every visit, per consultant: starts that abut them are worth branching on. */
function windowEdges(board: Board): number[][] {
  const { instance, visits, pieces } = board.p;
  const edgesOf: number[][] = instance.consultants.map(() => []);
  for (const v of visits) {
    for (const seg of v.segments) {
      const c = pieces[seg.piece]!.consultant;
      edgesOf[c]!.push(seg.lo - v.travel, seg.hi + v.duration + v.travel);
    }
  }
  edgesOf.forEach((e, i) => (edgesOf[i] = [...new Set(e)].sort((x, y) => x - y)));
  return edgesOf;
}

/**
 * The starts to branch on for v: the earliest and latest free start of every
 * gap and the starts that abut another visit's window, or every free start
 * when `everyStart`.
 */
function branches(board: Board, v: Visit, edgesOf: number[][], everyStart: boolean): Spot[] {
  const { pieces, slot } = board.p;
  const out: Spot[] = [];
  const seen = new Set<number>();
  const push = (piece: number, start: number) => {
    const key = footprintKey(piece, start - pieces[piece]!.a);
    if (!seen.has(key)) {
      seen.add(key);
      out.push({ piece, start });
    }
  };
  for (const seg of v.segments) {
    const piece = pieces[seg.piece]!;
    if (!board.capOk(v, piece)) continue;
    const edges = edgesOf[piece.consultant]!;
    board.freeRuns(v, seg, (lo, hi) => {
      if (everyStart) {
        for (let t = lo; t <= hi; t += slot) push(seg.piece, t);
        return false;
      }
      push(seg.piece, lo);
      push(seg.piece, hi);
      for (const e of edges) {
        if (e > hi + v.duration + v.travel + slot) break;
        const after = ceilTo(e + v.travel, slot);
        const before = floorTo(e - v.travel - v.duration, slot);
        if (after > lo && after < hi) push(seg.piece, after);
        if (before > lo && before < hi) push(seg.piece, before);
      }
      return false;
    });
  }
  return out.sort((x, y) => x.start - y.start);
}

/**
 * Step 4: branch and bound over the visits (in the search order), starting from
 * an empty board with the best schedule so far as the incumbent. Stops at a
 * proven optimum (`ceiling` reached) or at the deadline. Returns a true upper
 * bound on the optimum (the relaxation at the root) and whether the search was
 * exhaustive, which proves its best optimal.
 */
export function branchAndBound(board: Board, ceiling: number, deadline: number): { upperBound: number; exhaustive: boolean } {
  const order = board.p.order;
  const edgesOf = windowEdges(board);
  // Small instances branch on every free start, which makes a finished search exact.
  const everyStart = order.length <= 12;
  let exhausted = false;
  let nodes = 0;
  const dfs = (k: number) => {
    if ((++nodes & 255) === 0 && Date.now() > deadline) exhausted = true;
    board.record();
    if (k === order.length || exhausted || board.best >= ceiling) return;
    if (bound(board, k) <= board.best) return;
    const v = order[k]!;
    for (const spot of branches(board, v, edgesOf, everyStart)) {
      board.place(v, spot);
      dfs(k + 1);
      board.remove(v);
      if (exhausted) return;
    }
    dfs(k + 1);
  };
  // Reset to empty: the search explores from scratch with the incumbent as its target.
  board.clear();
  const upperBound = Math.min(ceiling, bound(board, 0));
  let finished = false;
  if (board.best < upperBound && Date.now() < deadline) {
    dfs(0);
    finished = !exhausted;
  }
  return { upperBound, exhaustive: everyStart && finished };
}
