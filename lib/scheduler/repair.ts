import type { Board } from './board';
import { ceilTo, floorTo, type Visit } from './prepare';

/** Repair by ejection: tries v at spots where it displaces up to three placed visits, keeping the move when the value grows. */
function tryInsert(board: Board, v: Visit, deadline: number): boolean {
  const { pieces, slot } = board.p;
  for (const seg of v.segments) {
    const piece = pieces[seg.piece]!;
    const occ = piece.occ;
    // Starts worth trying: the segment's first, and those just after or just before each occupied footprint.
    const tries = new Set<number>([seg.lo, seg.hi]);
    for (let i = 0; i < occ.length; i += 2) {
      tries.add(ceilTo(occ[i + 1]! + v.travel, slot));
      tries.add(floorTo(occ[i]! - v.travel - v.duration, slot));
    }
    for (const t of tries) {
      if (t < seg.lo || t > seg.hi) continue;
      if (Date.now() > deadline) return false;
      const f0 = t - v.travel;
      const f1 = t + v.duration + v.travel;
      const ejected: Visit[] = [];
      for (let i = 0; i < occ.length; i += 2) {
        if (occ[i]! < f1 && f0 < occ[i + 1]!) {
          ejected.push(board.holder(piece, i >> 1));
        }
      }
      if (ejected.length === 0 || ejected.length > 3) continue;
      const freed = ejected.reduce((s, u) => s + u.capMinutes, 0);
      if (!board.capOk(v, piece, freed)) continue;
      const before = board.value;
      const saved = ejected.map((u) => board.at[u.index]!);
      ejected.forEach((u) => board.remove(u));
      board.place(v, { piece: seg.piece, start: t });
      const reinserted: Visit[] = [];
      for (const u of ejected) {
        const spot = board.earliest(u);
        if (spot) {
          board.place(u, spot);
          reinserted.push(u);
        }
      }
      if (board.value > before) return true;
      // Undo.
      reinserted.forEach((u) => board.remove(u));
      board.remove(v);
      ejected.forEach((u, k) => board.place(u, saved[k]!));
    }
  }
  return false;
}

/** Lays out `seq` in the piece again, each visit as early as its windows allow; null when one does not fit. */
function layOut(board: Board, pieceIndex: number, seq: Visit[]): number[] | null {
  const slot = board.p.slot;
  let cursor = board.p.pieces[pieceIndex]!.a;
  const starts: number[] = [];
  for (const u of seq) {
    let start = -1;
    const from = ceilTo(cursor + u.travel, slot);
    for (const useg of u.segments) {
      if (useg.piece !== pieceIndex || useg.hi < from) continue;
      start = Math.max(from, useg.lo);
      break;
    }
    if (start < 0) return null;
    starts.push(start);
    cursor = start + u.duration + u.travel;
  }
  return starts;
}

/**
 * Inserts v into a piece by shifting what is there: for every position in the
 * piece's sequence of visits, lays the sequence out again as early as each
 * visit's windows allow and keeps the first layout where everything fits.
 */
function insertShifting(board: Board, v: Visit): boolean {
  const { pieces, visits } = board.p;
  const tried = new Set<number>();
  for (const seg of v.segments) {
    if (tried.has(seg.piece)) continue;
    tried.add(seg.piece);
    if (!board.capOk(v, pieces[seg.piece]!)) continue;
    // The piece's visits in the order of their footprints.
    const inside = pieces[seg.piece]!.who.map((i) => visits[i]!);
    for (let pos = 0; pos <= inside.length; pos++) {
      const seq = [...inside.slice(0, pos), v, ...inside.slice(pos)];
      const starts = layOut(board, seg.piece, seq);
      if (!starts) continue;
      inside.forEach((u) => board.remove(u));
      seq.forEach((u, k) => board.place(u, { piece: seg.piece, start: starts[k]! }));
      return true;
    }
  }
  return false;
}

/** Step 3, the local search: passes over the unplaced visits, inserting each by shifting or by ejection, until a pass changes nothing. */
export function repair(board: Board, ceiling: number, deadline: number): void {
  const order = board.p.order;
  for (let pass = 0, improved = true; improved && pass < 20 && board.best < ceiling && Date.now() < deadline; pass++) {
    improved = false;
    for (const v of order) {
      if (board.at[v.index] || Date.now() > deadline) continue;
      if (insertShifting(board, v) || tryInsert(board, v, deadline)) {
        improved = true;
        // Anything freed up by the moves may now fit outright.
        for (const u of order) {
          if (!board.at[u.index]) {
            const spot = board.earliest(u);
            if (spot) board.place(u, spot);
          }
        }
        board.record();
      }
    }
  }
}
