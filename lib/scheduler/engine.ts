import { formatDateTime, isoWeek, isoWeekday, parseDate, parseDateTime, parseTime } from './clock';
import type { Instance, Result } from './types';

type Interval = [number, number];

type Candidate = { consultant: number; start: number; week: number };

type Visit = {
  index: number;
  id: string;
  duration: number;
  travel: number;
  priority: number;
  candidates: Candidate[]; // sorted by start
  reasonIfNone: string;
};

export type ScheduleOptions = { timeBudgetMs?: number; nodeBudget?: number };

const overlaps = (a0: number, a1: number, b0: number, b1: number) => a0 < b1 && b0 < a1;

/**
 * Places micro-client visits around protected blocks and busy time, maximising
 * the sum of priorities. Pure: everything comes from the (validated) instance.
 *
 * 1. Every visit gets its static candidates: grid starts where the footprint
 *    (travel, visit, travel) fits one working interval of an allowed
 *    consultant, the visit fits a window and the horizon, and nothing
 *    protected or busy is touched.
 * 2. A depth-first branch and bound over the visits (highest priority and
 *    fewest candidates first) tries, for each visit, the earliest and latest
 *    start in every gap left by the visits already placed, or leaving it out;
 *    a bound of "placed so far + every remaining priority that still has a
 *    free candidate" prunes. It stops at the optimum or at the budget, keeping
 *    the best schedule found (the first dive is the greedy schedule).
 */
export function schedule(instance: Instance, options: ScheduleOptions = {}): Result {
  const slot = instance.slotMinutes;
  const h0 = parseDate(instance.horizon.start)! * 1440;
  const h1 = (parseDate(instance.horizon.end)! + 1) * 1440;
  const consultantIndex = new Map(instance.consultants.map((c, i) => [c.id, i]));
  const caps = instance.consultants.map((c) => c.maxMicroMinutesPerWeek ?? Infinity);

  // Working intervals of each consultant inside the horizon, and what blocks them.
  const working: Interval[][] = instance.consultants.map((c) => {
    const out: Interval[] = [];
    for (let day = h0 / 1440; day < h1 / 1440; day++) {
      const wd = isoWeekday(day);
      for (const wh of c.workingHours) if (wh.weekday === wd) out.push([day * 1440 + parseTime(wh.start, false)!, day * 1440 + parseTime(wh.end, true)!]);
    }
    return out.sort((a, b) => a[0] - b[0]);
  });
  const blocked: Interval[][] = instance.consultants.map(() => []);
  for (const b of [...instance.protectedBlocks, ...instance.busy]) blocked[consultantIndex.get(b.consultantId)!]!.push([parseDateTime(b.start)!, parseDateTime(b.end)!]);
  blocked.forEach((list) => list.sort((a, b) => a[0] - b[0]));

  const visits: Visit[] = instance.visits.map((v, index) => {
    const windows: Interval[] = v.windows ? v.windows.map((w) => [parseDateTime(w.start)!, parseDateTime(w.end)!]) : [[h0, h1]];
    const d = v.durationMinutes;
    const tr = v.travelMinutes;
    const candidates: Candidate[] = [];
    let fitsHours = false;
    let fitsWindow = false;
    for (const cid of new Set(v.consultantIds)) {
      const c = consultantIndex.get(cid)!;
      for (const [ws, we] of working[c]!) {
        if (we - ws < d + 2 * tr) continue;
        fitsHours = true;
        const first = Math.ceil((ws + tr) / slot) * slot;
        for (let t = first; t + d + tr <= we; t += slot) {
          if (t < h0 || t + d > h1) continue;
          if (!windows.some(([a, b]) => a <= t && t + d <= b)) continue;
          fitsWindow = true;
          if (blocked[c]!.some(([a, b]) => overlaps(t - tr, t + d + tr, a, b))) continue;
          candidates.push({ consultant: c, start: t, week: isoWeek(Math.floor(t / 1440)) });
        }
      }
    }
    candidates.sort((a, b) => a.start - b.start || a.consultant - b.consultant);
    const reasonIfNone = !fitsHours
      ? `needs ${d + 2 * tr} minutes with travel, longer than any working-hours interval of its consultants`
      : !fitsWindow
        ? 'no start on the slot grid fits its windows inside working hours'
        : 'no free slot in its windows outside protected blocks and busy time';
    return { index, id: v.id, duration: d, travel: tr, priority: v.priority, candidates, reasonIfNone };
  });

  // Search order: most valuable first, then the hardest to place.
  const order = visits
    .filter((v) => v.candidates.length > 0)
    .sort((a, b) => b.priority - a.priority || a.candidates.length - b.candidates.length || b.duration - a.duration || a.index - b.index);

  const placedBy: Interval[][] = instance.consultants.map(() => []); // footprints, kept sorted
  const weekUse = instance.consultants.map(() => new Map<number, number>());
  const chosen = new Array<Candidate | null>(visits.length).fill(null);
  let best = -1;
  let bestChoice: (Candidate | null)[] = chosen.slice();
  const deadline = Date.now() + (options.timeBudgetMs ?? 2000);
  const nodeBudget = options.nodeBudget ?? 2_000_000;
  let nodes = 0;
  let exhausted = false;

  const freeFor = (v: Visit, cand: Candidate): boolean => {
    const used = weekUse[cand.consultant]!.get(cand.week) ?? 0;
    if (used + v.duration > caps[cand.consultant]!) return false;
    const f0 = cand.start - v.travel;
    const f1 = cand.start + v.duration + v.travel;
    for (const [a, b] of placedBy[cand.consultant]!) {
      if (a >= f1) break;
      if (b > f0) return false;
    }
    return true;
  };
  const place = (v: Visit, cand: Candidate, on: boolean) => {
    const list = placedBy[cand.consultant]!;
    const f: Interval = [cand.start - v.travel, cand.start + v.duration + v.travel];
    const uses = weekUse[cand.consultant]!;
    if (on) {
      let i = 0;
      while (i < list.length && list[i]![0] < f[0]) i++;
      list.splice(i, 0, f);
      uses.set(cand.week, (uses.get(cand.week) ?? 0) + v.duration);
      chosen[v.index] = cand;
    } else {
      list.splice(list.findIndex((x) => x[0] === f[0] && x[1] === f[1]), 1);
      uses.set(cand.week, uses.get(cand.week)! - v.duration);
      chosen[v.index] = null;
    }
  };
  /** The earliest and latest free start in each gap between placed footprints, per consultant. */
  const branches = (v: Visit): Candidate[] => {
    const picks = new Map<string, { first: Candidate; last: Candidate }>();
    for (const cand of v.candidates) {
      if (!freeFor(v, cand)) continue;
      const gap = placedBy[cand.consultant]!.filter(([a]) => a <= cand.start).length;
      const key = `${cand.consultant}:${gap}:${cand.week}`;
      const p = picks.get(key);
      if (!p) picks.set(key, { first: cand, last: cand });
      else p.last = cand;
    }
    const out: Candidate[] = [];
    for (const { first, last } of picks.values()) {
      out.push(first);
      if (last !== first) out.push(last);
    }
    return out.sort((a, b) => a.start - b.start);
  };

  const dfs = (k: number, value: number) => {
    if (++nodes > nodeBudget || (nodes % 1024 === 0 && Date.now() > deadline)) {
      exhausted = true;
    }
    if (value > best) {
      best = value;
      bestChoice = chosen.slice();
    }
    if (k === order.length || exhausted) return;
    let bound = value;
    for (let i = k; i < order.length; i++) if (order[i]!.candidates.some((c) => freeFor(order[i]!, c))) bound += order[i]!.priority;
    if (bound <= best) return;
    const v = order[k]!;
    for (const cand of branches(v)) {
      place(v, cand, true);
      dfs(k + 1, value + v.priority);
      place(v, cand, false);
      if (exhausted) return;
    }
    dfs(k + 1, value);
  };
  dfs(0, 0);

  const placements: Result['placements'] = [];
  const unplaced: Result['unplaced'] = [];
  for (const v of visits) {
    const c = bestChoice[v.index];
    if (c) {
      placements.push({ visitId: v.id, consultantId: instance.consultants[c.consultant]!.id, start: formatDateTime(c.start), end: formatDateTime(c.start + v.duration) });
    } else if (v.candidates.length === 0) {
      unplaced.push({ visitId: v.id, reason: v.reasonIfNone });
    } else {
      const capped = v.candidates.every((cand) => (weekUseOf(bestChoice, visits, cand) + v.duration) > caps[cand.consultant]!);
      unplaced.push({
        visitId: v.id,
        reason: capped ? "its consultants' weekly micro-visit cap is reached in every week it could go" : 'its free slots went to visits of higher or equal priority',
      });
    }
  }
  placements.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.visitId < b.visitId ? -1 : 1));
  return { placements, unplaced };
}

function weekUseOf(choice: (Candidate | null)[], visits: Visit[], cand: Candidate): number {
  let used = 0;
  choice.forEach((c, i) => {
    if (c && c.consultant === cand.consultant && c.week === cand.week) used += visits[i]!.duration;
  });
  return used;
}
