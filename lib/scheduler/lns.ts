import { seededRandom } from '../random';
import type { Board } from './board';
import type { Piece, Segment, Spot, Visit } from './prepare';

/**
 * Step 4 on instances too large for an exhaustive search: large-neighbourhood
 * search (ruin and recreate). Each move frees one region — the visits one
 * consultant holds on a day or in an ISO week, or a handful of visits whose
 * candidates share pieces — and places again, in a randomised priority order,
 * the freed visits and the unplaced ones that could go there, each into the
 * tightest free gap that takes it (or on the consultant-week with the most
 * cap left). A move that gains or keeps weight (below) is kept, so the search walks
 * across plateaus; one that loses is kept only by the annealing rule below.
 * One move in ten is an ejection instead: an unplaced visit takes a spot and
 * pushes out what is in its way (and, under the weekly cap, what is worth
 * least per minute that week), and the pushed-out visits go elsewhere.
 *
 * Guided: a visit the search keeps leaving out weighs more in its choices
 * (see `Guide`), so it rearranges the schedule to make room for it; the best
 * schedule is still judged by priority alone.
 *
 * Deterministic for a given instance: the random numbers are seeded and the
 * number of moves is fixed by the size of the instance; the deadline only
 * cuts it short on a machine too slow for the budget (anytime: the best so
 * far stays on the board).
 */
/** Random noise on the order of reinsertion (0.6: a visit of priority 3 may go before one of 4). */
const NOISE = 0.6;
/** The mix of regions a move frees: a consultant's day, a consultant's week, every consultant's day, the pieces an unplaced visit could use. */
const P_DAY = 0.3;
const P_WEEK = 0.45;
const P_FIRM_DAY = 0.8;
/** Of the firm-day moves, the share that frees two consultants' same week instead (visits either may take change hands). */
const P_PAIR = 0.3;
/** Share of the moves that are ejections for an unplaced visit rather than a region freed. */
const P_EJECT = 0.1;
/** Share of the recreates that put each visit on the consultant-week with the most cap left rather than in the tightest gap. */
const P_ROOMY = 0.3;
/**
 * Share of the recreates that put each visit at the last start of its run rather than the first: room left before
 * a visit, not after it, is what a visit whose window ends earlier needs.
 */
const P_LATE = 0.3;
/**
 * Simulated-annealing acceptance: a move that loses d weight is kept with
 * probability exp(-d / T), T falling geometrically from T0 to T1 over the
 * moves, so the search can leave a local optimum early and settles at the end
 * (the best schedule seen is kept apart and restored).
 */
const T0 = 0.5;
const T1 = 0.02;
export type LnsStats = { moves: number; improvements: number };

/** Every this many moves, the unplaced visit of most priority per penalty already taken gets one more penalty. */
const PENALTY_EVERY = 20;
/** The weight one penalty adds to a visit, in priority points. */
const PENALTY_WEIGHT = 0.2;

/**
 * Guided local search (penalties on visits left out): a move is judged by the
 * weights of the visits it places and takes out, a weight being the priority
 * plus the penalties. The search settles in schedules that a plain
 * ruin-and-recreate cannot leave (making room for a long visit takes a chain
 * of changes over several consultants and weeks, each worth nothing on its
 * own); the visits such schedules keep leaving out grow heavier until the
 * search finds a way to place them. The weights also order the recreate.
 */
export class Guide {
  readonly weight: Float64Array;
  private readonly penalty: Float64Array;
  constructor(
    private readonly board: Board,
    private readonly penaltyWeight = PENALTY_WEIGHT,
  ) {
    this.weight = Float64Array.from(board.p.visits, (v) => v.priority);
    this.penalty = new Float64Array(board.p.visits.length);
  }

  /** One more penalty on the unplaced visit of most priority per penalty so far (the first such, in search order). */
  bump() {
    const { at } = this.board;
    let top: Visit | null = null;
    let topUtility = -1;
    for (const v of this.board.p.order) {
      const utility = v.priority / (1 + this.penalty[v.index]!);
      if (!at[v.index] && utility > topUtility) {
        top = v;
        topUtility = utility;
      }
    }
    if (!top) return;
    this.penalty[top.index]!++;
    this.weight[top.index] = top.priority + this.penaltyWeight * this.penalty[top.index]!;
  }

  /** The weight a move gained: of the visits it touched, those placed now minus those placed before. */
  gain(move: Move): number {
    let d = 0;
    const { at } = this.board;
    for (let i = 0; i < move.nTouched; i++) {
      const v = move.touched[i]!.index;
      d += ((at[v] ? 1 : 0) - (move.was[i] ? 1 : 0)) * this.weight[v]!;
    }
    return d;
  }
}

/** The pieces a move frees: the first `count` of `pieces`. */
type Region = { pieces: Int32Array; count: number };
const regionOf = (pieces: number[]): Region => ({ pieces: Int32Array.from(pieces), count: pieces.length });

/**
 * The visits that have a candidate in each consultant-week (`Piece.cw`), each once, by the week's pieces in
 * order and the search order within a piece: who may take the room a move frees.
 */
function visitsByWeek(board: Board, weeks: Region[]): Int32Array[] {
  const byPiece: number[][] = board.p.pieces.map(() => []);
  for (const v of board.p.order) for (const piece of new Set(v.segments.map((s) => s.piece))) byPiece[piece]!.push(v.index);
  return weeks.map((w) => Int32Array.from(new Set([...w.pieces].flatMap((pi) => byPiece[pi]!))));
}

/** Pieces grouped by consultant and day, and by consultant and week: the regions a move frees. */
type Regions = {
  days: Region[];
  weeks: Region[];
  firmDays: Region[];
  /** For each consultant-week region, the consultant-week regions of the same ISO week, itself included, in increasing order. */
  sameWeek: number[][];
  /** The region of a move that frees pieces of its own choosing (written over by each). */
  scratch: Region;
};
function regions(board: Board): Regions {
  const group = (key: (p: Piece) => string) => {
    const out = new Map<string, number[]>();
    board.p.pieces.forEach((p, i) => {
      const k = key(p);
      const list = out.get(k);
      if (list) list.push(i);
      else out.set(k, [i]);
    });
    return [...out.values()].map(regionOf);
  };
  const weeks = group((p) => `${p.consultant}:${p.week}`);
  const weekOf = (w: Region) => board.p.pieces[w.pieces[0]!]!.week;
  return {
    days: group((p) => `${p.consultant}:${Math.floor(p.a / 1440)}`),
    weeks,
    firmDays: group((p) => `${Math.floor(p.a / 1440)}`),
    sameWeek: weeks.map((a) => weeks.flatMap((w, i) => (weekOf(w) === weekOf(a) ? [i] : []))),
    // Two pieces at least: a move for an unplaced visit draws two before it drops a repeat.
    scratch: { pieces: new Int32Array(Math.max(2, board.p.pieces.length)), count: 0 },
  };
}

/**
 * The consultant-weeks a move touched (`week[cw] === move`): an unplaced visit that the move did not take out fitted
 * nowhere before it (every move ends with each such visit tried), and the move freed room in those weeks only, so
 * that is the only place to look for it.
 */
type Scope = { week: Uint32Array; move: number };
const outside = (scope: Scope | null, cw: number) => scope !== null && scope.week[cw] !== scope.move;

/** Whether the visit's weekly cap allows it on the piece (`Board.capOk`, on the board's flat arrays). */
const capAllows = (board: Board, v: Visit, piece: number) =>
  v.capMinutes === 0 || board.use[board.pieceCw[piece]!]! + v.capMinutes <= board.pieceCap[piece]!;

/**
 * The tightest free run (best fit) of the visit, on a consultant and week whose cap allows it (and in `scope` when
 * given), at its first start (last when `late`); null when none.
 */
export function bestFit(board: Board, v: Visit, late = false, scope: Scope | null = null): Spot | null {
  let piece = -1;
  let start = 0;
  let bestSlack = Infinity;
  const segs = v.flat;
  for (let k = 0; k < segs.length; k += 3) {
    const at = segs[k]!;
    if (outside(scope, board.pieceCw[at]!) || !capAllows(board, v, at)) continue;
    const slack = board.tightestIn(v, at, segs[k + 1]!, segs[k + 2]!);
    if (slack >= 0 && slack < bestSlack) {
      bestSlack = slack;
      piece = at;
      start = late ? board.runHi : board.runLo;
      if (slack === 0) break;
    }
  }
  return piece < 0 ? null : { piece, start };
}

/**
 * The free run on the consultant-week with the most cap left (ties: the tightest run), at its first start (last
 * when `late`): spreads capped minutes so visits with fewer consultants keep room. `scope` as for `bestFit`.
 */
export function roomiestFit(board: Board, v: Visit, late = false, scope: Scope | null = null): Spot | null {
  let bestPiece = -1;
  let bestStart = 0;
  let bestRoom = -Infinity;
  let bestSlack = Infinity;
  const segs = v.flat;
  for (let k = 0; k < segs.length; k += 3) {
    const piece = segs[k]!;
    const cw = board.pieceCw[piece]!;
    if (outside(scope, cw) || !capAllows(board, v, piece)) continue;
    const cap = board.pieceCap[piece]!;
    const room = Number.isFinite(cap) ? cap - board.use[cw]! : 1e9;
    if (room < bestRoom) continue;
    const slack = board.tightestIn(v, piece, segs[k + 1]!, segs[k + 2]!);
    if (slack >= 0 && (room > bestRoom || slack < bestSlack)) {
      bestRoom = room;
      bestSlack = slack;
      bestPiece = piece;
      bestStart = late ? board.runHi : board.runLo;
    }
  }
  return bestPiece < 0 ? null : { piece: bestPiece, start: bestStart };
}

/**
 * What a move changed: the visits it took out (the first `nRemoved` of `removed`), and where every visit it touched
 * was before (null: unplaced), for an undo. One record serves every move, its lists allocated once at their largest
 * (a list emptied by `length = 0` gives up its storage, and refilling it allocates again): `begin` empties it; a
 * visit is touched in move `id` when its `mark` says so.
 */
type Move = {
  removed: Visit[];
  nRemoved: number;
  touched: Visit[];
  was: (Spot | null)[];
  nTouched: number;
  mark: Uint32Array;
  id: number;
  /** Working list of the visits a step collects before taking them out. */
  scratch: Visit[];
};
const newMove = (visits: Visit[]): Move => ({
  removed: visits.slice(),
  nRemoved: 0,
  touched: visits.slice(),
  was: new Array<Spot | null>(visits.length).fill(null),
  nTouched: 0,
  mark: new Uint32Array(visits.length),
  id: 0,
  scratch: visits.slice(),
});
function begin(move: Move): Move {
  move.nRemoved = 0;
  move.nTouched = 0;
  move.id++;
  return move;
}

function touch(board: Board, move: Move, v: Visit) {
  if (move.mark[v.index] === move.id) return;
  move.mark[v.index] = move.id;
  move.touched[move.nTouched] = v;
  move.was[move.nTouched++] = board.at[v.index]!;
}

/** Takes v out of the schedule, as part of the move. */
function take(board: Board, move: Move, v: Visit) {
  touch(board, move, v);
  move.removed[move.nRemoved++] = v;
  board.remove(v);
}

/** Puts v at the spot, as part of the move. */
function put(board: Board, move: Move, v: Visit, spot: Spot) {
  touch(board, move, v);
  board.place(v, spot);
}

/** Frees the region: every visit placed in its pieces. */
function ruin(board: Board, region: Region, record: Move): Move {
  const { pieces, visits } = board.p;
  const move = begin(record);
  const out = move.scratch;
  let n = 0;
  for (let r = 0; r < region.count; r++) {
    const who = pieces[region.pieces[r]!]!.who;
    for (let k = 0; k < who.length; k++) out[n++] = visits[who[k]!]!;
  }
  for (let k = 0; k < n; k++) take(board, move, out[k]!);
  return move;
}

/** Places the candidates again, by weight with random noise (or weight per minute, when `perMinute`). */
function recreate(
  board: Board,
  move: Move,
  candidates: Visit[],
  count: number,
  key: Float64Array,
  rnd: () => number,
  perMinute: boolean,
  w: Float64Array,
  touched: Scope,
) {
  const fit = rnd() < P_ROOMY ? roomiestFit : bestFit;
  const late = rnd() < P_LATE;
  for (let k = 0; k < count; k++) {
    const v = candidates[k]!;
    key[v.index] = (perMinute ? w[v.index]! / (v.duration + v.travel) : w[v.index]!) * (1 + NOISE * rnd());
  }
  sortByKey(candidates, key, count);
  for (let k = 0; k < count; k++) {
    const v = candidates[k]!;
    if (board.at[v.index]) continue;
    // What the move took out may go anywhere; the others only where it freed room.
    const spot = fit(board, v, late, move.mark[v.index] === move.id ? null : touched);
    if (spot) put(board, move, v, spot);
  }
}

/** Sorts the first `count` visits by decreasing key, stably, in place (an insertion sort: the lists are short, and it allocates nothing). */
export function sortByKey(list: Visit[], key: Float64Array, count = list.length) {
  for (let i = 1; i < count; i++) {
    const v = list[i]!;
    const k = key[v.index]!;
    let j = i - 1;
    for (; j >= 0 && key[list[j]!.index]! < k; j--) list[j + 1] = list[j]!;
    list[j + 1] = v;
  }
}

/** Pushes out whoever is placed in the piece over [f0, f1) (footprints). */
function pushOut(board: Board, pieceIndex: number, f0: number, f1: number, move: Move) {
  const piece = board.p.pieces[pieceIndex]!;
  const out = move.scratch;
  let n = 0;
  for (let i = 0; i < piece.occ.length; i += 2) if (piece.occ[i]! < f1 && f0 < piece.occ[i + 1]!) out[n++] = board.holder(piece, i >> 1);
  for (let k = 0; k < n; k++) take(board, move, out[k]!);
}

/**
 * An ejection: the unplaced visit u goes to a random start of the segment;
 * whatever overlaps it there is pushed out, and when its consultant's week
 * lacks the cap, so are the visits worth least per minute in that week. The
 * pushed-out visits then go back wherever they fit (recreate): the move hands
 * a consultant's room to a visit that only that consultant may take.
 */
function eject(board: Board, week: Region, key: Float64Array, rnd: () => number, seg: Segment, u: Visit, record: Move): Move | null {
  const { pieces, slot, visits } = board.p;
  const t = seg.lo + Math.floor(rnd() * ((seg.hi - seg.lo) / slot + 1)) * slot;
  const move = begin(record);
  pushOut(board, seg.piece, t - u.travel, t + u.duration + u.travel, move);
  if (!board.capOk(u, pieces[seg.piece]!)) {
    // By priority per capped minute, least first.
    const inWeek = move.scratch;
    let n = 0;
    for (let r = 0; r < week.count; r++) {
      const who = pieces[week.pieces[r]!]!.who;
      for (let j = 0; j < who.length; j++) {
        const v = (inWeek[n++] = visits[who[j]!]!);
        key[v.index] = -v.priority / (v.capMinutes || 1);
      }
    }
    sortByKey(inWeek, key, n);
    for (let k = 0; k < n; k++) {
      if (board.capOk(u, pieces[seg.piece]!)) break;
      const v = inWeek[k]!;
      if (v.capMinutes > 0) take(board, move, v);
    }
  }
  if (!board.capOk(u, pieces[seg.piece]!)) {
    undo(board, move);
    return null;
  }
  put(board, move, u, { piece: seg.piece, start: t });
  return move;
}

/** An unplaced visit to eject for: of a few drawn at random, the one of most weight. */
function ejectionTarget(board: Board, rnd: () => number, w: Float64Array): Visit | null {
  const order = board.p.order;
  let u: Visit | null = null;
  for (let k = 0; k < 6; k++) {
    const c = order[Math.floor(rnd() * order.length)]!;
    if (!board.at[c.index] && (!u || w[c.index]! > w[u.index]!)) u = c;
  }
  return u;
}

function undo(board: Board, move: Move) {
  for (let i = 0; i < move.nTouched; i++) if (board.at[move.touched[i]!.index]) board.remove(move.touched[i]!);
  for (let i = 0; i < move.nTouched; i++) if (move.was[i]) board.place(move.touched[i]!, move.was[i]!);
}

/** A region to free: mostly a consultant's day, sometimes a week, sometimes the pieces an unplaced visit could use. */
function pickRegion(board: Board, all: Regions, rnd: () => number): Region {
  const r = rnd();
  if (r < P_DAY) return all.days[Math.floor(rnd() * all.days.length)]!;
  if (r < P_WEEK) return all.weeks[Math.floor(rnd() * all.weeks.length)]!;
  if (r < P_FIRM_DAY) {
    if (rnd() < P_PAIR) {
      // Two consultants' same week: visits that either may take move between them.
      const a = Math.floor(rnd() * all.weeks.length);
      const same = all.sameWeek[a]!;
      if (same.length === 1) return all.weeks[a]!;
      // The k-th of the others (`same` is in increasing order and holds a).
      const k = Math.floor(rnd() * (same.length - 1));
      const b = same[k]! < a ? same[k]! : same[k + 1]!;
      return joined(all.scratch, all.weeks[a]!, all.weeks[b]!);
    }
    return all.firmDays[Math.floor(rnd() * all.firmDays.length)]!;
  }
  const order = board.p.order;
  let u = order[Math.floor(rnd() * order.length)]!;
  for (let tries = 0; tries < 8 && board.at[u.index]; tries++) u = order[Math.floor(rnd() * order.length)]!;
  const segs = u.segments;
  const scratch = all.scratch;
  scratch.pieces[0] = segs[Math.floor(rnd() * segs.length)]!.piece;
  scratch.pieces[1] = segs[Math.floor(rnd() * segs.length)]!.piece;
  scratch.count = scratch.pieces[1] === scratch.pieces[0] ? 1 : 2;
  return scratch;
}

/** The pieces of both regions, in `into`. */
function joined(into: Region, a: Region, b: Region): Region {
  into.pieces.set(a.pieces.subarray(0, a.count));
  into.pieces.set(b.pieces.subarray(0, b.count), a.count);
  into.count = a.count + b.count;
  return into;
}

/**
 * Adds to `candidates` who may take the room a move freed: the unplaced visits with a candidate in the
 * consultant-weeks the region touches (the move may have freed cap there), each once (`stamp`).
 */
function roomTakers(board: Board, region: Region, byWeek: Int32Array[], stamps: Stamps, candidates: Visit[], count: number): number {
  const { pieces, visits } = board.p;
  const { visit, week, move } = stamps;
  for (let r = 0; r < region.count; r++) {
    const w = pieces[region.pieces[r]!]!.cw;
    if (week[w] === move) continue;
    week[w] = move;
    const takers = byWeek[w]!;
    for (let k = 0; k < takers.length; k++) {
      const i = takers[k]!;
      if (!board.at[i] && visit[i] !== move) {
        visit[i] = move;
        candidates[count++] = visits[i]!;
      }
    }
  }
  return count;
}
type Stamps = Scope & { visit: Uint32Array };

/** The search; returns how many moves it made and how many improved the best. */
export function lns(board: Board, ceiling: number, deadline: number, maxMoves: number, penaltyWeight = PENALTY_WEIGHT): LnsStats {
  const rnd = seededRandom(board.p.order.length * 7919 + board.p.pieces.length);
  const all = regions(board);
  const byWeek = visitsByWeek(board, all.weeks);
  const visits = board.p.visits;
  const key = new Float64Array(visits.length);
  const record = newMove(visits);
  const candidates = visits.slice();
  const stamps: Stamps = { visit: new Uint32Array(visits.length), week: new Uint32Array(all.weeks.length), move: 0 };
  let moves = 0;
  let improvements = 0;
  board.restore(board.bestAt);
  const guide = new Guide(board, penaltyWeight);
  while (moves < maxMoves && board.best < ceiling) {
    if ((moves & 15) === 0 && Date.now() > deadline) break;
    moves++;
    let region: Region;
    let move: Move | null;
    const u = rnd() < P_EJECT ? ejectionTarget(board, rnd, guide.weight) : null;
    if (u) {
      const seg = u.segments[Math.floor(rnd() * u.segments.length)]!;
      region = all.scratch;
      region.pieces[0] = seg.piece;
      region.count = 1;
      move = eject(board, all.weeks[board.p.pieces[seg.piece]!.cw]!, key, rnd, seg, u, record);
      if (!move) continue;
    } else {
      region = pickRegion(board, all, rnd);
      move = ruin(board, region, record);
    }
    stamps.move = moves;
    for (let k = 0; k < move.nRemoved; k++) {
      candidates[k] = move.removed[k]!;
      stamps.visit[candidates[k]!.index] = moves;
    }
    const count = roomTakers(board, region, byWeek, stamps, candidates, move.nRemoved);
    recreate(board, move, candidates, count, key, rnd, rnd() < 0.3, guide.weight, stamps);
    const temp = T0 * Math.pow(T1 / T0, moves / maxMoves);
    const gain = guide.gain(move);
    if (moves % PENALTY_EVERY === 0) guide.bump();
    if (gain < -1e-9 && rnd() >= Math.exp(gain / temp)) undo(board, move);
    else if (board.value > board.best) {
      board.record();
      improvements++;
    }
  }
  board.restore(board.bestAt);
  return { moves, improvements };
}
