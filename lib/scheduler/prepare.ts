import { isoWeek, isoWeekday, parseDate, parseDateTime, parseTime } from './clock';
import type { Instance, VisitRequest } from './types';

/**
 * A stretch of one consultant's working interval that nothing protected or busy
 * touches. A footprint fits the hard rules 2 and 4 (against the instance's own
 * blocks) exactly when it lies inside one piece; `occ` holds the footprints of
 * visits placed in it so far, as sorted [start, end) pairs.
 */
export type Piece = {
  consultant: number;
  a: number;
  b: number;
  week: number;
  /** Index of the piece's consultant-week (`Prepared.consultantWeeks`), numbered as pieces first appear. */
  cw: number;
  occ: number[];
  /** The visit index of each footprint in `occ` (one per pair). */
  who: number[];
};

/** A run of grid starts [lo, hi] of one visit inside one piece, already inside a window and the horizon. */
export type Segment = { piece: number; lo: number; hi: number };

export type Visit = {
  index: number;
  id: string;
  duration: number;
  /** Minutes counted toward the weekly cap: the duration, or 0 for an uncapped visit. */
  capMinutes: number;
  travel: number;
  priority: number;
  segments: Segment[];
  /** The segments again as [piece, lo, hi] triples in the same order, for the search's inner loop. */
  flat: Int32Array;
  starts: number; // number of static candidate starts
  reasonIfNone: string;
};

export type Spot = { piece: number; start: number };

/** The instance indexed for the search: free pieces, every visit's static candidates, and the search order. */
export type Prepared = {
  instance: Instance;
  slot: number;
  /** The horizon in minutes, [h0, h1). */
  h0: number;
  h1: number;
  caps: number[];
  pieces: Piece[];
  /** The consultant-weeks that have a piece, indexed by `Piece.cw`. */
  consultantWeeks: { consultant: number; week: number }[];
  visits: Visit[];
  /** The visits with a static candidate, by priority, then fewest candidates. */
  order: Visit[];
};

export const ceilTo = (x: number, g: number) => Math.ceil(x / g) * g;
export const floorTo = (x: number, g: number) => Math.floor(x / g) * g;

/** Free pieces per consultant: each consultant's working intervals minus protected and busy time. */
function freePieces(instance: Instance, h0: number, h1: number, consultantIndex: Map<string, number>) {
  const blocked: [number, number][][] = instance.consultants.map(() => []);
  for (const b of instance.protectedBlocks)
    blocked[consultantIndex.get(b.consultantId)!]!.push([parseDateTime(b.start)!, parseDateTime(b.end)!]);
  for (const b of instance.busy) blocked[consultantIndex.get(b.consultantId)!]!.push([parseDateTime(b.start)!, parseDateTime(b.end)!]);
  blocked.forEach((list) => list.sort((x, y) => x[0] - y[0]));
  const pieces: Piece[] = [];
  const piecesOf: number[][] = instance.consultants.map(() => []);
  const working: [number, number][][] = instance.consultants.map(() => []);
  instance.consultants.forEach((c, ci) => {
    for (let day = h0 / 1440; day < h1 / 1440; day++) {
      const wd = isoWeekday(day);
      const intervals = c.workingHours
        .filter((wh) => wh.weekday === wd)
        .map((wh): [number, number] => [day * 1440 + parseTime(wh.start, false)!, day * 1440 + parseTime(wh.end, true)!])
        .sort((x, y) => x[0] - y[0]);
      for (const [ws, we] of intervals) {
        working[ci]!.push([ws, we]);
        let cursor = ws;
        for (const [bs, be] of blocked[ci]!) {
          if (be <= cursor) continue;
          if (bs >= we) break;
          if (bs > cursor) add(ci, cursor, bs, day);
          cursor = Math.max(cursor, be);
        }
        if (cursor < we) add(ci, cursor, we, day);
      }
    }
  });
  function add(consultant: number, a: number, b: number, day: number) {
    piecesOf[consultant]!.push(pieces.length);
    pieces.push({ consultant, a, b, week: isoWeek(day), cw: -1, occ: [], who: [] });
  }
  return { pieces, piecesOf, working };
}

type Grid = { slot: number; h0: number; h1: number };

/** The runs of grid starts of a visit inside one piece and its windows; overlapping windows give overlapping runs, merged so no start is counted twice. */
function runsInPiece(piece: Piece, windows: [number, number][], d: number, tr: number, { slot, h0, h1 }: Grid): [number, number][] {
  const lo = ceilTo(piece.a + tr, slot);
  const hi = floorTo(piece.b - tr - d, slot);
  if (lo > hi) return [];
  const runs: [number, number][] = [];
  for (const [a, b] of windows) {
    const rlo = Math.max(lo, ceilTo(Math.max(a, h0), slot));
    const rhi = Math.min(hi, floorTo(Math.min(b, h1) - d, slot));
    if (rlo <= rhi) runs.push([rlo, rhi]);
  }
  runs.sort((x, y) => x[0] - y[0]);
  const merged: [number, number][] = [];
  for (const r of runs) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1] + slot) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

/** A visit's static candidates as runs of grid starts inside one piece, one window and the horizon, and why it has none if so. */
function candidates(
  v: VisitRequest,
  index: number,
  grid: Grid,
  free: ReturnType<typeof freePieces>,
  consultantIndex: Map<string, number>,
): Visit {
  const { slot, h0, h1 } = grid;
  const { pieces, piecesOf, working } = free;
  const windows: [number, number][] = v.windows ? v.windows.map((w) => [parseDateTime(w.start)!, parseDateTime(w.end)!]) : [[h0, h1]];
  const d = v.durationMinutes;
  const tr = v.travelMinutes;
  const segments: Segment[] = [];
  let starts = 0;
  let fitsHours = false;
  let fitsWindow = false;
  for (const cid of new Set(v.consultantIds)) {
    const c = consultantIndex.get(cid)!;
    for (const [ws, we] of working[c]!) {
      const lo = ceilTo(ws + tr, slot);
      const hi = floorTo(we - tr - d, slot);
      if (lo > hi) continue;
      fitsHours = true;
      for (const [a, b] of windows)
        if (Math.max(lo, ceilTo(Math.max(a, h0), slot)) <= Math.min(hi, floorTo(Math.min(b, h1) - d, slot))) fitsWindow = true;
    }
    for (const p of piecesOf[c]!) {
      for (const [rlo, rhi] of runsInPiece(pieces[p]!, windows, d, tr, grid)) {
        segments.push({ piece: p, lo: rlo, hi: rhi });
        starts += (rhi - rlo) / slot + 1;
      }
    }
  }
  segments.sort((x, y) => x.lo - y.lo || pieces[x.piece]!.consultant - pieces[y.piece]!.consultant);
  const reasonIfNone = !fitsHours
    ? `needs ${d + 2 * tr} minutes with travel, longer than any working-hours interval of its consultants`
    : !fitsWindow
      ? 'no start on the slot grid fits its windows inside working hours and the horizon'
      : 'no free slot in its windows outside protected blocks and busy time';
  const flat = Int32Array.from(segments.flatMap((s) => [s.piece, s.lo, s.hi]));
  return {
    index,
    id: v.id,
    duration: d,
    capMinutes: v.uncapped ? 0 : d,
    travel: tr,
    priority: v.priority,
    segments,
    flat,
    starts,
    reasonIfNone,
  };
}

/** Step 1 of the engine: free pieces, every visit's static candidates, and the order the greedy and the search take the visits in. */
export function prepare(instance: Instance): Prepared {
  const slot = instance.slotMinutes;
  const h0 = parseDate(instance.horizon.start)! * 1440;
  const h1 = (parseDate(instance.horizon.end)! + 1) * 1440;
  const consultantIndex = new Map(instance.consultants.map((c, i) => [c.id, i]));
  const caps = instance.consultants.map((c) => c.maxMicroMinutesPerWeek ?? Infinity);
  const free = freePieces(instance, h0, h1, consultantIndex);
  const grid = { slot, h0, h1 };
  const visits = instance.visits.map((v, index) => candidates(v, index, grid, free, consultantIndex));
  const consultantWeeks: Prepared['consultantWeeks'] = [];
  const cwIndex = new Map<string, number>();
  for (const piece of free.pieces) {
    const key = `${piece.consultant}:${piece.week}`;
    if (!cwIndex.has(key)) {
      cwIndex.set(key, consultantWeeks.length);
      consultantWeeks.push({ consultant: piece.consultant, week: piece.week });
    }
    piece.cw = cwIndex.get(key)!;
  }
  const order = visits
    .filter((v) => v.segments.length > 0)
    .sort((x, y) => y.priority - x.priority || x.starts - y.starts || y.duration - x.duration || x.index - y.index);
  return { instance, slot, h0, h1, caps, pieces: free.pieces, consultantWeeks, visits, order };
}
