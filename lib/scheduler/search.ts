import { footprintKey, type Board } from './board';
import { bound } from './bounds';
import { ceilTo, floorTo, type Spot, type Visit } from './prepare';

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
