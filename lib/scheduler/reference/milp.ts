import loadHighs from 'highs';
import { formatDateTime, isoWeek, isoWeekday, parseDate, parseDateTime, parseTime } from '../clock';
import type { Instance, Result } from '../types';

/**
 * The exact reference: contract v1 as a mixed-integer programme, solved by
 * HiGHS. It shares nothing with the engine but the clock, so it can judge it.
 *
 * One binary per feasible (visit, consultant, start): a grid start whose
 * footprint lies in one working-hours interval and clear of that consultant's
 * protected and busy time, whose visit lies in a window and the horizon
 * (rules 1–3, 5, 7). Then
 * - each visit at most once (rule 7);
 * - footprints of one consultant pairwise disjoint (rule 4), as one row per
 *   maximal set of footprints sharing a moment (a maximal clique of an
 *   interval graph, found by a sweep) — tighter than pairwise rows;
 * - per consultant and ISO week of the start, placed minutes ≤ the cap (rule 6).
 * The objective is the contract's: the sum of priorities placed.
 */
export type Option = { visit: number; consultant: number; start: number; f0: number; f1: number; week: number };

type Blocked = [number, number][];

function blockedOf(inst: Instance): Blocked[] {
  const out: Blocked[] = inst.consultants.map(() => []);
  const index = new Map(inst.consultants.map((c, i) => [c.id, i]));
  for (const b of [...inst.protectedBlocks, ...inst.busy])
    out[index.get(b.consultantId)!]!.push([parseDateTime(b.start)!, parseDateTime(b.end)!]);
  return out;
}

/** Every feasible (visit, consultant, start) of the instance, by brute enumeration of the grid. */
export function options(inst: Instance): Option[] {
  const h0 = parseDate(inst.horizon.start)! * 1440;
  const h1 = (parseDate(inst.horizon.end)! + 1) * 1440;
  const slot = inst.slotMinutes;
  const blocked = blockedOf(inst);
  const index = new Map(inst.consultants.map((c, i) => [c.id, i]));
  const out: Option[] = [];
  inst.visits.forEach((v, vi) => {
    const d = v.durationMinutes;
    const tr = v.travelMinutes;
    const windows = (v.windows ?? [{ start: '', end: '' }]).map((w) => [parseDateTime(w.start) ?? h0, parseDateTime(w.end) ?? h1]);
    for (const cid of new Set(v.consultantIds)) {
      const ci = index.get(cid)!;
      for (let day = h0 / 1440 - 1; day < h1 / 1440 + 1; day++) {
        for (const wh of inst.consultants[ci]!.workingHours) {
          if (wh.weekday !== isoWeekday(day)) continue;
          const ws = day * 1440 + parseTime(wh.start, false)!;
          const we = day * 1440 + parseTime(wh.end, true)!;
          for (let t = Math.ceil((ws + tr) / slot) * slot; t + d + tr <= we; t += slot) {
            if (t < h0 || t + d > h1) continue;
            if (!windows.some(([a, b]) => a! <= t && t + d <= b!)) continue;
            const f0 = t - tr;
            const f1 = t + d + tr;
            if (blocked[ci]!.some(([a, b]) => f0 < b && a < f1)) continue;
            out.push({ visit: vi, consultant: ci, start: t, f0, f1, week: isoWeek(Math.floor(t / 1440)) });
          }
        }
      }
    }
  });
  return out;
}

/** Maximal sets of one consultant's footprints that share a moment: a sweep over their ends (half-open intervals). */
export function cliques(opts: Option[], consultants: number): number[][] {
  const rows: number[][] = [];
  for (let c = 0; c < consultants; c++) {
    const events: [number, number, number][] = []; // time, 0 = end / 1 = start, option
    opts.forEach((o, j) => {
      if (o.consultant === c) events.push([o.f0, 1, j], [o.f1, 0, j]);
    });
    events.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
    const active = new Set<number>();
    let grew = false;
    for (const [, kind, j] of events) {
      if (kind === 1) {
        active.add(j);
        grew = true;
      } else {
        // The first end after a start closes a maximal set.
        if (grew && active.size > 1) rows.push([...active]);
        grew = false;
        active.delete(j);
      }
    }
  }
  return rows;
}

type Row = { cols: number[]; vals: number[]; upper: number };

/** The rows of the model: one visit at most once, footprint cliques, weekly caps (only where they can bind). */
export function rows(inst: Instance, opts: Option[]): Row[] {
  const out: Row[] = [];
  const perVisit: number[][] = inst.visits.map(() => []);
  opts.forEach((o, j) => perVisit[o.visit]!.push(j));
  for (const cols of perVisit) if (cols.length > 1) out.push({ cols, vals: cols.map(() => 1), upper: 1 });
  for (const cols of cliques(opts, inst.consultants.length)) out.push({ cols, vals: cols.map(() => 1), upper: 1 });
  const weekly = new Map<string, number[]>();
  opts.forEach((o, j) => {
    const key = `${o.consultant}:${o.week}`;
    const list = weekly.get(key);
    if (list) list.push(j);
    else weekly.set(key, [j]);
  });
  for (const [key, cols] of weekly) {
    const cap = inst.consultants[Number(key.split(':')[0])]!.maxMicroMinutesPerWeek;
    if (cap === undefined) continue;
    const vals = cols.map((j) => inst.visits[opts[j]!.visit]!.durationMinutes);
    // Each visit counts once at most: the cap binds only if the distinct visits' minutes exceed it.
    const distinct = new Map(cols.map((j) => [opts[j]!.visit, inst.visits[opts[j]!.visit]!.durationMinutes]));
    if ([...distinct.values()].reduce((s, x) => s + x, 0) > cap) out.push({ cols, vals, upper: cap });
  }
  return out;
}

export type Reference = {
  /** The best schedule found, its priority, and the solver's bound on the optimum (equal when proven). */
  result: Result;
  value: number;
  bound: number;
  proven: boolean;
  columns: number;
  rows: number;
  seconds: number;
};

export type SolveOptions = {
  /** Seconds the solver may take (default 60); past it, the best found and the bound so far. */
  timeLimit?: number;
  /** A schedule to start from (the engine's): the solver then only needs to beat it. */
  start?: Result;
  /** Solve the linear relaxation only: a bound, no schedule. */
  relaxation?: boolean;
};

type Highs = Awaited<ReturnType<typeof loadHighs>>;
let highsPromise: Promise<Highs> | undefined;

function modelData(highs: Highs, inst: Instance, opts: Option[], rs: Row[], relaxation: boolean) {
  const starts = [0];
  const indices: number[] = [];
  const values: number[] = [];
  for (const r of rs) {
    indices.push(...r.cols);
    values.push(...r.vals);
    starts.push(indices.length);
  }
  const n = opts.length;
  return {
    numCols: n,
    numRows: rs.length,
    sense: highs.constants.objectiveSense.maximize,
    colCost: opts.map((o) => inst.visits[o.visit]!.priority),
    colLower: new Float64Array(n),
    colUpper: new Float64Array(n).fill(1),
    rowLower: rs.map(() => -highs.infinity),
    rowUpper: rs.map((r) => r.upper),
    matrix: { format: 'csr' as const, numRows: rs.length, numCols: n, starts, indices, values },
    ...(relaxation ? {} : { integrality: opts.map(() => highs.constants.variableType.integer) }),
  };
}

/** The column vector of a schedule (placements that are no option of the model are dropped). */
function startVector(inst: Instance, opts: Option[], res: Result): Float64Array {
  const key = (visit: number, consultant: number, start: number) => `${visit}:${consultant}:${start}`;
  const column = new Map(opts.map((o, j) => [key(o.visit, o.consultant, o.start), j]));
  const visitIndex = new Map(inst.visits.map((v, i) => [v.id, i]));
  const consultantIndex = new Map(inst.consultants.map((c, i) => [c.id, i]));
  const x = new Float64Array(opts.length);
  for (const p of res.placements) {
    const j = column.get(key(visitIndex.get(p.visitId)!, consultantIndex.get(p.consultantId)!, parseDateTime(p.start)!));
    if (j !== undefined) x[j] = 1;
  }
  return x;
}

function toResult(inst: Instance, opts: Option[], x: ArrayLike<number>): { result: Result; value: number } {
  const placed = new Map<number, Option>();
  opts.forEach((o, j) => {
    if (x[j]! > 0.5) placed.set(o.visit, o);
  });
  const result: Result = { placements: [], unplaced: [] };
  let value = 0;
  inst.visits.forEach((v, i) => {
    const o = placed.get(i);
    if (!o) return result.unplaced.push({ visitId: v.id, reason: 'not in the reference optimum' });
    value += v.priority;
    result.placements.push({
      visitId: v.id,
      consultantId: inst.consultants[o.consultant]!.id,
      start: formatDateTime(o.start),
      end: formatDateTime(o.start + v.durationMinutes),
    });
  });
  return { result, value };
}

/** Solves the instance exactly (or as far as the time limit allows). */
export async function solveReference(inst: Instance, so: SolveOptions = {}): Promise<Reference> {
  const t0 = performance.now();
  highsPromise ??= loadHighs();
  const highs = await highsPromise;
  const opts = options(inst);
  const rs = rows(inst, opts);
  const relaxation = so.relaxation ?? false;
  return highs.withModel(modelData(highs, inst, opts, rs, relaxation), (model) => {
    model.options.set({ output_flag: false, time_limit: so.timeLimit ?? 60, mip_rel_gap: 0, mip_abs_gap: 0.5 });
    if (so.start && !relaxation) model.setSolution({ colValue: startVector(inst, opts, so.start) });
    model.run();
    const status = model.getModelStatus();
    const x = model.getSolution().colValue;
    const objective = model.getObjectiveValue();
    const { result, value } = relaxation ? { result: { placements: [], unplaced: [] }, value: 0 } : toResult(inst, opts, x);
    const optimal = status === highs.constants.modelStatus.optimal;
    const proven = !relaxation && optimal;
    // A relaxation stopped early bounds nothing; a MIP stopped early still has its dual bound.
    const dual = relaxation ? (optimal ? objective : Infinity) : Number(model.info.get('mip_dual_bound'));
    // Priorities are whole numbers: the optimum is at most the bound rounded down.
    const bound = proven ? value : Math.floor(Math.max(value, dual) + 1e-6);
    return { result, value, bound, proven, columns: opts.length, rows: rs.length, seconds: (performance.now() - t0) / 1000 };
  });
}
