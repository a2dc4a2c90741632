import { isoWeek, parseDate } from './clock';
import { ceilTo, floorTo, type Piece, type Prepared, type Segment, type Spot, type Visit } from './prepare';

/** Key of a footprint: piece * 2^21 + its start from the piece's start. */
export const footprintKey = (piece: number, offset: number) => piece * 2_097_152 + offset;

/** The longest stretch of the piece that no footprint occupies. */
function longestGap(piece: Piece): number {
  const occ = piece.occ;
  let g0 = piece.a;
  let longest = 0;
  for (let i = 0; i < occ.length; i += 2) {
    if (occ[i]! - g0 > longest) longest = occ[i]! - g0;
    g0 = occ[i + 1]!;
  }
  return Math.max(longest, piece.b - g0);
}

/**
 * The mutable state every step works on: the occupied footprints per piece
 * and who holds them (kept in the pieces), micro minutes per consultant-week,
 * where each visit is, the value placed, and the best schedule seen so far.
 */
export class Board {
  readonly at: (Spot | null)[];
  /** Micro minutes used per consultant-week (`Piece.cw`), booked ones included. */
  readonly use: Float64Array;
  /** The longest free stretch of each piece, given what is placed: a footprint longer than it fits nowhere in the piece. */
  readonly gap: Int32Array;
  /** Per piece: its consultant-week (`Piece.cw`) and its consultant's weekly cap, for the search's inner loop. */
  readonly pieceCw: Int32Array;
  readonly pieceCap: Float64Array;
  value = 0;
  best = -1;
  bestAt: (Spot | null)[] = [];

  constructor(
    readonly p: Prepared,
    private readonly onImprove?: (placedPriority: number) => void,
  ) {
    this.at = new Array<Spot | null>(p.visits.length).fill(null);
    this.use = new Float64Array(p.consultantWeeks.length);
    this.gap = Int32Array.from(p.pieces, (piece) => piece.b - piece.a);
    this.pieceCw = Int32Array.from(p.pieces, (piece) => piece.cw);
    this.pieceCap = Float64Array.from(p.pieces, (piece) => p.caps[piece.consultant]!);
    const booked = p.instance.consultants.map(
      (c) => new Map(Object.entries(c.bookedMinutesByWeek ?? {}).map(([monday, minutes]) => [isoWeek(parseDate(monday)!), minutes])),
    );
    p.consultantWeeks.forEach(({ consultant, week }, cw) => (this.use[cw] = booked[consultant]!.get(week) ?? 0));
  }

  capOk(v: Visit, piece: Piece, freed = 0) {
    return v.capMinutes === 0 || this.use[piece.cw]! - freed + v.capMinutes <= this.p.caps[piece.consultant]!;
  }

  /** The visit whose footprint is the k-th of the piece. */
  holder(piece: Piece, k: number): Visit {
    return this.p.visits[piece.who[k]!]!;
  }

  place(v: Visit, spot: Spot) {
    const piece = this.p.pieces[spot.piece]!;
    const f0 = spot.start - v.travel;
    const occ = piece.occ;
    const who = piece.who;
    let i = 0;
    while (i < occ.length && occ[i]! < f0) i += 2;
    // In place of splice, which allocates the array of what it removes on every call.
    occ.push(0, 0);
    who.push(0);
    for (let j = occ.length - 1; j >= i + 2; j--) occ[j] = occ[j - 2]!;
    for (let j = who.length - 1; j > i >> 1; j--) who[j] = who[j - 1]!;
    occ[i] = f0;
    occ[i + 1] = spot.start + v.duration + v.travel;
    who[i >> 1] = v.index;
    this.use[piece.cw]! += v.capMinutes;
    this.gap[spot.piece] = longestGap(piece);
    this.at[v.index] = spot;
    this.value += v.priority;
  }

  remove(v: Visit) {
    const spot = this.at[v.index]!;
    const piece = this.p.pieces[spot.piece]!;
    const f0 = spot.start - v.travel;
    const occ = piece.occ;
    for (let i = 0; i < occ.length; i += 2) {
      if (occ[i] === f0) {
        const who = piece.who;
        for (let j = i; j + 2 < occ.length; j++) occ[j] = occ[j + 2]!;
        for (let j = i >> 1; j + 1 < who.length; j++) who[j] = who[j + 1]!;
        occ.pop();
        occ.pop();
        who.pop();
        break;
      }
    }
    this.use[piece.cw]! -= v.capMinutes;
    this.gap[spot.piece] = longestGap(piece);
    this.at[v.index] = null;
    this.value -= v.priority;
  }

  /** Calls `visitRun(lo, hi)` for every run of free starts of the segment, given what is placed; stops when it returns true. */
  freeRuns(v: Visit, seg: Segment, visitRun: (lo: number, hi: number) => boolean): boolean {
    const slot = this.p.slot;
    const piece = this.p.pieces[seg.piece]!;
    const occ = piece.occ;
    if (this.gap[seg.piece]! < v.duration + 2 * v.travel) return false;
    let g0 = piece.a;
    for (let i = 0; i <= occ.length; i += 2) {
      const g1 = i < occ.length ? occ[i]! : piece.b;
      if (g1 - g0 >= v.duration + 2 * v.travel) {
        const lo = Math.max(seg.lo, ceilTo(g0 + v.travel, slot));
        const hi = Math.min(seg.hi, floorTo(g1 - v.travel - v.duration, slot));
        if (lo <= hi && visitRun(lo, hi)) return true;
      }
      if (i < occ.length) {
        g0 = occ[i + 1]!;
        if (g0 - v.travel > seg.hi) break;
      }
    }
    return false;
  }

  /** First and last start of the run found by `tightestRun`. */
  runLo = 0;
  runHi = 0;

  /**
   * The tightest run of free starts of the segment (the first of the least
   * slack `hi - lo`), given what is placed: returns its slack and leaves its
   * first and last start in `runLo` and `runHi`; -1 when the segment has no free start.
   * (`freeRuns` without a callback, for the search's inner loop.)
   */
  tightestRun(v: Visit, seg: Segment): number {
    return this.tightestIn(v, seg.piece, seg.lo, seg.hi);
  }

  /** `tightestRun` of the segment [lo, hi] in the piece. */
  tightestIn(v: Visit, pieceIndex: number, segLo: number, segHi: number): number {
    const slot = this.p.slot;
    const piece = this.p.pieces[pieceIndex]!;
    const occ = piece.occ;
    const need = v.duration + 2 * v.travel;
    if (this.gap[pieceIndex]! < need) return -1;
    let best = -1;
    let g0 = piece.a;
    for (let i = 0; i <= occ.length; i += 2) {
      const g1 = i < occ.length ? occ[i]! : piece.b;
      if (g1 - g0 >= need) {
        const lo = Math.max(segLo, ceilTo(g0 + v.travel, slot));
        const hi = Math.min(segHi, floorTo(g1 - v.travel - v.duration, slot));
        if (lo <= hi && (best < 0 || hi - lo < best)) {
          best = hi - lo;
          this.runLo = lo;
          this.runHi = hi;
          if (best === 0) return 0;
        }
      }
      if (i < occ.length) {
        g0 = occ[i + 1]!;
        if (g0 - v.travel > segHi) break;
      }
    }
    return best;
  }

  earliest(v: Visit): Spot | null {
    let found: Spot | undefined;
    for (const seg of v.segments) {
      if (found !== undefined && seg.lo >= found.start) break; // segments are sorted by lo
      if (!this.capOk(v, this.p.pieces[seg.piece]!)) continue;
      this.freeRuns(v, seg, (lo) => {
        if (found === undefined || lo < found.start) found = { piece: seg.piece, start: lo };
        return true;
      });
    }
    return found ?? null;
  }

  fits(v: Visit): boolean {
    for (const seg of v.segments) if (this.capOk(v, this.p.pieces[seg.piece]!) && this.freeRuns(v, seg, () => true)) return true;
    return false;
  }

  /** Keeps the current schedule if it beats the best so far. */
  record() {
    if (this.value > this.best) {
      this.best = this.value;
      this.bestAt = this.at.slice();
      this.onImprove?.(this.best);
    }
  }

  clear() {
    for (const v of this.p.order) if (this.at[v.index]) this.remove(v);
  }

  restore(spots: (Spot | null)[]) {
    this.clear();
    for (const v of this.p.order) if (spots[v.index]) this.place(v, spots[v.index]!);
  }
}
