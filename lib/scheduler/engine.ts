import { formatDateTime, isoWeek, isoWeekday, parseDate, parseDateTime, parseTime } from './clock';
import type { Instance, Result } from './types';

export type ScheduleOptions = {
  /** Wall-clock budget of the search in milliseconds (default 1000); the result is the best found by then. */
  timeBudgetMs?: number;
  /** Called with a figure of merit as the search improves (for progress displays and benchmarks). */
  onImprove?: (placedPriority: number) => void;
};

/** Statistics of the last run, for benchmarks: the priority placed, an upper bound on the optimum, and whether the optimum was proven. */
export type ScheduleStats = { placedPriority: number; upperBound: number; provenOptimal: boolean; millis: number };

/**
 * A stretch of one consultant's working interval that nothing protected or busy
 * touches. A footprint fits the hard rules 2 and 4 (against the instance's own
 * blocks) exactly when it lies inside one piece; `occ` holds the footprints of
 * visits placed in it so far, as sorted [start, end) pairs.
 */
type Piece = { consultant: number; a: number; b: number; week: number; occ: number[] };

/** A run of grid starts [lo, hi] of one visit inside one piece, already inside a window and the horizon. */
type Segment = { piece: number; lo: number; hi: number };

type Visit = {
  index: number;
  id: string;
  duration: number;
  /** Minutes counted toward the weekly cap: the duration, or 0 for an uncapped visit. */
  capMinutes: number;
  travel: number;
  priority: number;
  segments: Segment[];
  starts: number; // number of static candidate starts
  reasonIfNone: string;
};

type Spot = { piece: number; start: number };

const ceilTo = (x: number, g: number) => Math.ceil(x / g) * g;
const floorTo = (x: number, g: number) => Math.floor(x / g) * g;

let lastStats: ScheduleStats = { placedPriority: 0, upperBound: 0, provenOptimal: true, millis: 0 };
export const scheduleStats = (): ScheduleStats => lastStats;

/**
 * Places micro-client visits around protected blocks and busy time, maximising
 * the sum of priorities (../shared/scheduler-contract.md). Pure: everything
 * comes from the validated instance; only the search budget reads the clock.
 *
 * 1. Free pieces: each consultant's working intervals minus protected and busy
 *    time. Every visit gets its static candidates as runs of grid starts
 *    inside one piece, one window and the horizon.
 * 2. Greedy: visits by priority (then fewest candidates), each at its earliest
 *    free start.
 * 3. Repair: an unplaced visit may take a spot by pushing out the visits in
 *    its way when they can all go elsewhere or weigh less than it does.
 * 4. Branch and bound over the visits (same order), branching on the earliest
 *    and latest free start of every gap, starts that abut another visit's
 *    window, or leaving the visit out; the bound is the smaller of "every
 *    remaining visit that still fits" and a fractional knapsack of the
 *    remaining free minutes. It stops at a proven optimum or at the budget.
 */
export function schedule(instance: Instance, options: ScheduleOptions = {}): Result {
  const t0 = Date.now();
  const deadline = t0 + (options.timeBudgetMs ?? 1000);
  const slot = instance.slotMinutes;
  const h0 = parseDate(instance.horizon.start)! * 1440;
  const h1 = (parseDate(instance.horizon.end)! + 1) * 1440;
  const consultantIndex = new Map(instance.consultants.map((c, i) => [c.id, i]));
  const caps = instance.consultants.map((c) => c.maxMicroMinutesPerWeek ?? Infinity);

  // 1. Free pieces per consultant.
  const blocked: [number, number][][] = instance.consultants.map(() => []);
  for (const b of instance.protectedBlocks) blocked[consultantIndex.get(b.consultantId)!]!.push([parseDateTime(b.start)!, parseDateTime(b.end)!]);
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
    pieces.push({ consultant, a, b, week: isoWeek(day), occ: [] });
  }

  // Static candidates per visit.
  const visits: Visit[] = instance.visits.map((v, index) => {
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
        for (const [a, b] of windows) if (Math.max(lo, ceilTo(Math.max(a, h0), slot)) <= Math.min(hi, floorTo(Math.min(b, h1) - d, slot))) fitsWindow = true;
      }
      for (const p of piecesOf[c]!) {
        const piece = pieces[p]!;
        const lo = ceilTo(piece.a + tr, slot);
        const hi = floorTo(piece.b - tr - d, slot);
        if (lo > hi) continue;
        const runs: [number, number][] = [];
        for (const [a, b] of windows) {
          const rlo = Math.max(lo, ceilTo(Math.max(a, h0), slot));
          const rhi = Math.min(hi, floorTo(Math.min(b, h1) - d, slot));
          if (rlo <= rhi) runs.push([rlo, rhi]);
        }
        runs.sort((x, y) => x[0] - y[0]);
        // Overlapping windows give overlapping runs: merge them so no start is counted twice.
        const merged: [number, number][] = [];
        for (const r of runs) {
          const last = merged[merged.length - 1];
          if (last && r[0] <= last[1] + slot) last[1] = Math.max(last[1], r[1]);
          else merged.push([r[0], r[1]]);
        }
        for (const [rlo, rhi] of merged) {
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
    return { index, id: v.id, duration: d, capMinutes: v.uncapped ? 0 : d, travel: tr, priority: v.priority, segments, starts, reasonIfNone };
  });

  const order = visits
    .filter((v) => v.segments.length > 0)
    .sort((x, y) => y.priority - x.priority || x.starts - y.starts || y.duration - x.duration || x.index - y.index);

  // Mutable state: occupied footprints per piece, micro minutes per consultant and week.
  const weekUse = instance.consultants.map(
    (c) => new Map<number, number>(Object.entries(c.bookedMinutesByWeek ?? {}).map(([monday, minutes]) => [isoWeek(parseDate(monday)!), minutes])),
  );
  const at = new Array<Spot | null>(visits.length).fill(null);
  const whoAt = new Map<number, number>(); // piece * 2^21 + footprint start -> visit index (lookup for repair)
  let value = 0;

  const capOk = (v: Visit, piece: Piece, freed = 0) => v.capMinutes === 0 || (weekUse[piece.consultant]!.get(piece.week) ?? 0) - freed + v.capMinutes <= caps[piece.consultant]!;
  const place = (v: Visit, spot: Spot) => {
    const piece = pieces[spot.piece]!;
    const f0 = spot.start - v.travel;
    const occ = piece.occ;
    let i = 0;
    while (i < occ.length && occ[i]! < f0) i += 2;
    occ.splice(i, 0, f0, spot.start + v.duration + v.travel);
    const uses = weekUse[piece.consultant]!;
    uses.set(piece.week, (uses.get(piece.week) ?? 0) + v.capMinutes);
    at[v.index] = spot;
    whoAt.set(spot.piece * 2_097_152 + (f0 - piece.a), v.index);
    value += v.priority;
  };
  const remove = (v: Visit) => {
    const spot = at[v.index]!;
    const piece = pieces[spot.piece]!;
    const f0 = spot.start - v.travel;
    const occ = piece.occ;
    for (let i = 0; i < occ.length; i += 2) {
      if (occ[i] === f0) {
        occ.splice(i, 2);
        break;
      }
    }
    const uses = weekUse[piece.consultant]!;
    uses.set(piece.week, uses.get(piece.week)! - v.capMinutes);
    at[v.index] = null;
    whoAt.delete(spot.piece * 2_097_152 + (f0 - piece.a));
    value -= v.priority;
  };

  /** Calls `visit(lo, hi)` for every run of free starts of the segment, given what is placed; stops when it returns true. */
  const freeRuns = (v: Visit, seg: Segment, visitRun: (lo: number, hi: number) => boolean): boolean => {
    const piece = pieces[seg.piece]!;
    const occ = piece.occ;
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
  };
  const earliest = (v: Visit): Spot | null => {
    let found: Spot | undefined;
    for (const seg of v.segments) {
      if (found !== undefined && seg.lo >= found.start) break; // segments are sorted by lo
      if (!capOk(v, pieces[seg.piece]!)) continue;
      freeRuns(v, seg, (lo) => {
        if (found === undefined || lo < found.start) found = { piece: seg.piece, start: lo };
        return true;
      });
    }
    return found ?? null;
  };
  const fits = (v: Visit): boolean => {
    for (const seg of v.segments) if (capOk(v, pieces[seg.piece]!) && freeRuns(v, seg, () => true)) return true;
    return false;
  };

  let best = -1;
  let bestAt: (Spot | null)[] = [];
  const record = () => {
    if (value > best) {
      best = value;
      bestAt = at.slice();
      options.onImprove?.(best);
    }
  };

  // 2. Greedy, in three orders: by priority, and by priority per minute of
  // visit (weekly caps bind) or of footprint (free time binds). The best wins.
  const clear = () => {
    for (const v of order) if (at[v.index]) remove(v);
  };
  const restore = (spots: (Spot | null)[]) => {
    clear();
    for (const v of order) if (spots[v.index]) place(v, spots[v.index]!);
  };
  const greedyOrders = [
    order,
    order.slice().sort((x, y) => y.priority / y.duration - x.priority / x.duration || x.starts - y.starts),
    order.slice().sort((x, y) => y.priority / (y.duration + 2 * y.travel) - x.priority / (x.duration + 2 * x.travel) || x.starts - y.starts),
  ];
  for (const list of greedyOrders) {
    clear();
    for (const v of list) {
      const spot = earliest(v);
      if (spot) place(v, spot);
    }
    record();
  }
  restore(bestAt);

  // The loosest bound: every visit with a static candidate.
  const ceiling = order.reduce((s, v) => s + v.priority, 0);

  // 3. Repair by ejection: try each unplaced visit at spots where it displaces placed visits.
  const tryInsert = (v: Visit): boolean => {
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
            const u = visits[whoAt.get(seg.piece * 2_097_152 + (occ[i]! - piece.a))!]!;
            ejected.push(u);
          }
        }
        if (ejected.length === 0 || ejected.length > 3) continue;
        const freed = ejected.reduce((s, u) => s + u.capMinutes, 0);
        if (!capOk(v, piece, freed)) continue;
        const before = value;
        const saved = ejected.map((u) => at[u.index]!);
        ejected.forEach(remove);
        place(v, { piece: seg.piece, start: t });
        const reinserted: Visit[] = [];
        for (const u of ejected) {
          const spot = earliest(u);
          if (spot) {
            place(u, spot);
            reinserted.push(u);
          }
        }
        if (value > before) return true;
        // Undo.
        reinserted.forEach(remove);
        remove(v);
        ejected.forEach((u, k) => place(u, saved[k]!));
      }
    }
    return false;
  };
  /**
   * Inserts v into a piece by shifting what is there: for every position in the
   * piece's sequence of visits, lays the sequence out again as early as each
   * visit's windows allow and keeps the first layout where everything fits.
   */
  const insertShifting = (v: Visit): boolean => {
    const tried = new Set<number>();
    for (const seg of v.segments) {
      if (tried.has(seg.piece)) continue;
      tried.add(seg.piece);
      const piece = pieces[seg.piece]!;
      if (!capOk(v, piece)) continue;
      const inside = visits.filter((u) => at[u.index]?.piece === seg.piece).sort((x, y) => at[x.index]!.start - at[y.index]!.start);
      for (let pos = 0; pos <= inside.length; pos++) {
        const seq = [...inside.slice(0, pos), v, ...inside.slice(pos)];
        let cursor = piece.a;
        const starts: number[] = [];
        for (const u of seq) {
          let start = -1;
          const from = ceilTo(cursor + u.travel, slot);
          for (const useg of u.segments) {
            if (useg.piece !== seg.piece || useg.hi < from) continue;
            start = Math.max(from, useg.lo);
            break;
          }
          if (start < 0) break;
          starts.push(start);
          cursor = start + u.duration + u.travel;
        }
        if (starts.length < seq.length) continue;
        inside.forEach(remove);
        seq.forEach((u, k) => place(u, { piece: seg.piece, start: starts[k]! }));
        return true;
      }
    }
    return false;
  };
  for (let pass = 0, improved = true; improved && pass < 20 && best < ceiling && Date.now() < deadline; pass++) {
    improved = false;
    for (const v of order) {
      if (at[v.index] || Date.now() > deadline) continue;
      if (insertShifting(v) || tryInsert(v)) {
        improved = true;
        // Anything freed up by the moves may now fit outright.
        for (const u of order) {
          if (!at[u.index]) {
            const spot = earliest(u);
            if (spot) place(u, spot);
          }
        }
        record();
      }
    }
  }

  // 4. Branch and bound, starting from the best schedule so far.
  const totalFree = () => {
    let free = 0;
    for (const p of pieces) {
      free += p.b - p.a;
      for (let i = 0; i < p.occ.length; i += 2) free -= p.occ[i + 1]! - p.occ[i]!;
    }
    return free;
  };
  const bound = (k: number): number => {
    const remaining: Visit[] = [];
    let simple = 0;
    for (let i = k; i < order.length; i++) {
      const v = order[i]!;
      if (fits(v)) {
        remaining.push(v);
        simple += v.priority;
      }
    }
    if (value + simple <= best) return value + simple;
    // Footprints are disjoint and lie in free time; visit minutes are bounded by the weekly caps (and free time).
    const footprintBound = knapsack(remaining, (v) => v.duration + 2 * v.travel, totalFree());
    const room = capRoom();
    const capBound = Number.isFinite(room) ? knapsack(remaining, (v) => v.capMinutes, room) : Infinity;
    return value + Math.min(simple, Math.floor(Math.min(footprintBound, capBound) + 1e-9));
  };
  /** The fractional knapsack: the most priority that fits `capacity` when visits may be cut. */
  const knapsack = (list: Visit[], weight: (v: Visit) => number, capacity: number): number => {
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
  };
  /** Visit minutes still allowed: per consultant and week, the smaller of the cap left and the free minutes left. */
  const capRoom = (): number => {
    const free = new Map<string, number>();
    for (const p of pieces) {
      let f = p.b - p.a;
      for (let i = 0; i < p.occ.length; i += 2) f -= p.occ[i + 1]! - p.occ[i]!;
      const key = `${p.consultant}:${p.week}`;
      free.set(key, (free.get(key) ?? 0) + f);
    }
    let room = 0;
    for (const [key, f] of free) {
      const [c, w] = key.split(':').map(Number) as [number, number];
      room += Math.min(f, Math.max(0, caps[c]! - (weekUse[c]!.get(w) ?? 0)));
    }
    return room;
  };

  // Window edges of every visit, per consultant: starts that abut them are worth branching on.
  const edgesOf: number[][] = instance.consultants.map(() => []);
  for (const v of visits) {
    for (const seg of v.segments) {
      const c = pieces[seg.piece]!.consultant;
      edgesOf[c]!.push(seg.lo - v.travel, seg.hi + v.duration + v.travel);
    }
  }
  edgesOf.forEach((e, i) => (edgesOf[i] = [...new Set(e)].sort((x, y) => x - y)));

  // Small instances branch on every free start, which makes a finished search exact.
  const everyStart = order.length <= 12;
  const branches = (v: Visit): Spot[] => {
    const out: Spot[] = [];
    const seen = new Set<number>();
    const push = (piece: number, start: number) => {
      const key = piece * 2_097_152 + start - pieces[piece]!.a;
      if (!seen.has(key)) {
        seen.add(key);
        out.push({ piece, start });
      }
    };
    for (const seg of v.segments) {
      const piece = pieces[seg.piece]!;
      if (!capOk(v, piece)) continue;
      const edges = edgesOf[piece.consultant]!;
      freeRuns(v, seg, (lo, hi) => {
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
  };

  let exhausted = false;
  let nodes = 0;
  const dfs = (k: number) => {
    if ((++nodes & 255) === 0 && Date.now() > deadline) exhausted = true;
    record();
    if (k === order.length || exhausted || best >= ceiling) return;
    if (bound(k) <= best) return;
    const v = order[k]!;
    for (const spot of branches(v)) {
      place(v, spot);
      dfs(k + 1);
      remove(v);
      if (exhausted) return;
    }
    dfs(k + 1);
  };
  // Reset to empty: the search explores from scratch with the incumbent as its target.
  clear();
  // A true upper bound on the optimum (the relaxation at the root), for the statistics.
  const upperBound = Math.min(ceiling, bound(0));
  let finished = false;
  if (best < upperBound && Date.now() < deadline) {
    dfs(0);
    finished = !exhausted;
  }
  // A search that branched on every start and finished is exhaustive: its best is the optimum.
  const proven = best >= upperBound || (everyStart && finished);
  lastStats = { placedPriority: best, upperBound: proven ? best : upperBound, provenOptimal: proven, millis: Date.now() - t0 };

  const placements: Result['placements'] = [];
  const unplaced: Result['unplaced'] = [];
  // Re-apply the best schedule to explain the unplaced against it.
  restore(bestAt);
  for (const v of visits) {
    const spot = bestAt[v.index];
    if (spot) {
      placements.push({ visitId: v.id, consultantId: instance.consultants[pieces[spot.piece]!.consultant]!.id, start: formatDateTime(spot.start), end: formatDateTime(spot.start + v.duration) });
    } else if (v.segments.length === 0) {
      unplaced.push({ visitId: v.id, reason: v.reasonIfNone });
    } else {
      const capped = v.segments.every((seg) => !capOk(v, pieces[seg.piece]!));
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
