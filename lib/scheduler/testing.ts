/**
 * Test helpers shared by the scheduler's tests: small random instances of the
 * contract and two exact optima by exhaustive search, judged by the
 * independent checker (check.ts). Slow by design: tiny instances only.
 */
import { DAY_MS } from '@/lib/time/units';
import { violations } from './check';
import { isoWeek, parseDate } from './clock';
import type { Instance, VisitRequest } from './types';
import { validateInstance } from './validate';
import { seededRandom } from '@/lib/random';

export const score = (inst: Instance, res: { placements: { visitId: string }[] }) =>
  res.placements.reduce((s, p) => s + inst.visits.find((v) => v.id === p.visitId)!.priority, 0);

export function randomInstance(seed: number, visitsCount: number, maxDays = 7): Instance {
  const r = seededRandom(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const pad = (n: number) => String(n).padStart(2, '0');
  const days = int(1, maxDays);
  const consultants = ['ana', 'bo', 'cy'].slice(0, int(1, 3)).map((id) => ({
    id,
    workingHours: [1, 2, 3, 4, 5].flatMap((weekday) =>
      r() < 0.3
        ? [
            { weekday, start: '08:00', end: '12:00' },
            { weekday, start: '12:00', end: '17:00' },
          ]
        : [{ weekday, start: `0${int(7, 9)}:00`, end: `${int(15, 18)}:00` }],
    ),
    ...(r() < 0.4 ? { maxMicroMinutesPerWeek: int(0, 8) * 60 } : {}),
  }));
  const at = (day: number, minutes: number) => `2026-12-${pad(7 + day)}T${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
  const protectedBlocks = Array.from({ length: int(0, 4) }, (_, i) => {
    const day = int(0, days - 1);
    const s = int(16, 30) * 30;
    return {
      id: `b${i}`,
      consultantId: consultants[int(0, consultants.length - 1)]!.id,
      kind: 'seminar',
      start: at(day, s),
      end: at(day, s + int(1, 4) * 30),
    };
  });
  const busy = Array.from({ length: int(0, 3) }, () => {
    const day = int(0, days - 1);
    const s = int(16, 30) * 30;
    return { consultantId: consultants[int(0, consultants.length - 1)]!.id, start: at(day, s), end: at(day, s + int(1, 6) * 30) };
  });
  const visits: VisitRequest[] = Array.from({ length: visitsCount }, (_, i) => {
    const windowed = r() < 0.5;
    const d0 = int(0, days - 1);
    return {
      id: `v${i}`,
      clientId: `c${int(0, 3)}`,
      durationMinutes: int(1, 8) * 30,
      travelMinutes: [0, 10, 15, 30][int(0, 3)]!,
      priority: int(1, 5),
      consultantIds: consultants.filter(() => r() < 0.7).map((c) => c.id),
      ...(windowed
        ? { windows: [{ start: at(d0, int(14, 20) * 30), end: at(Math.min(days - 1, d0 + int(0, 2)), int(26, 36) * 30) }] }
        : {}),
    };
  }).map((v) => (v.consultantIds.length ? v : { ...v, consultantIds: [consultants[0]!.id] }));
  return validateInstance({
    slotMinutes: [15, 30, 60][int(0, 2)],
    horizon: { start: '2026-12-07', end: `2026-12-${pad(7 + days - 1)}` },
    consultants,
    protectedBlocks,
    busy,
    visits,
  });
}

/** The exact optimum by trying every subset and placement (tiny instances only). */
export function bruteForce(inst: Instance): number {
  const each = inst.visits.map((v) => {
    const single = { ...inst, visits: [v] };
    // Every start on the grid where this visit alone breaks no rule.
    const starts: { consultantId: string; start: number }[] = [];
    const h0 = parseDate(inst.horizon.start)! * 1440;
    const h1 = (parseDate(inst.horizon.end)! + 1) * 1440;
    for (const cid of v.consultantIds) {
      for (let t = h0; t + v.durationMinutes <= h1; t += inst.slotMinutes) {
        const res = { placements: [{ visitId: v.id, consultantId: cid, start: fmt(t), end: fmt(t + v.durationMinutes) }], unplaced: [] };
        if (violations(single, res).length === 0) starts.push({ consultantId: cid, start: t });
      }
    }
    return starts;
  });
  let best = 0;
  const chosen: { v: VisitRequest; consultantId: string; start: number }[] = [];
  const rec = (i: number, value: number) => {
    if (i === inst.visits.length) {
      best = Math.max(best, value);
      return;
    }
    const rest = inst.visits.slice(i).reduce((s, v) => s + v.priority, 0);
    if (value + rest <= best) return;
    const v = inst.visits[i]!;
    for (const s of each[i]!) {
      chosen.push({ v, ...s });
      const res = {
        placements: chosen.map((c) => ({
          visitId: c.v.id,
          consultantId: c.consultantId,
          start: fmt(c.start),
          end: fmt(c.start + c.v.durationMinutes),
        })),
        unplaced: [],
      };
      const sub = { ...inst, visits: chosen.map((c) => c.v) };
      if (violations(sub, res).length === 0) rec(i + 1, value + v.priority);
      chosen.pop();
    }
    rec(i + 1, value);
  };
  rec(0, 0);
  return best;
}
/**
 * The exact optimum for somewhat larger instances: every single-visit option is
 * checked with `violations`, then pairs only need the overlap and the cap.
 */
export function exactOptimum(inst: Instance): number {
  const h0 = parseDate(inst.horizon.start)! * 1440;
  const h1 = (parseDate(inst.horizon.end)! + 1) * 1440;
  const opts = inst.visits.map((v) => {
    const out: { c: string; f0: number; f1: number; week: number }[] = [];
    for (const cid of v.consultantIds) {
      for (let t = h0; t + v.durationMinutes <= h1; t += inst.slotMinutes) {
        const res = { placements: [{ visitId: v.id, consultantId: cid, start: fmt(t), end: fmt(t + v.durationMinutes) }], unplaced: [] };
        if (violations({ ...inst, visits: [v] }, res).length === 0)
          out.push({ c: cid, f0: t - v.travelMinutes, f1: t + v.durationMinutes + v.travelMinutes, week: isoWeek(Math.floor(t / 1440)) });
      }
    }
    return out;
  });
  const caps = new Map(inst.consultants.map((c) => [c.id, c.maxMicroMinutesPerWeek ?? Infinity]));
  const order = inst.visits.map((_, i) => i).sort((a, b) => inst.visits[b]!.priority - inst.visits[a]!.priority);
  const chosen: { c: string; f0: number; f1: number; week: number }[] = [];
  const use = new Map<string, number>();
  const ok = (i: number, o: { c: string; f0: number; f1: number; week: number }) =>
    (use.get(`${o.c}:${o.week}`) ?? 0) + inst.visits[i]!.durationMinutes <= caps.get(o.c)! &&
    !chosen.some((x) => x.c === o.c && x.f0 < o.f1 && o.f0 < x.f1);
  let best = 0;
  const rec = (k: number, value: number) => {
    if (value > best) best = value;
    if (k === order.length) return;
    let rest = 0;
    for (let j = k; j < order.length; j++) if (opts[order[j]!]!.some((o) => ok(order[j]!, o))) rest += inst.visits[order[j]!]!.priority;
    if (value + rest <= best) return;
    const i = order[k]!;
    const v = inst.visits[i]!;
    for (const o of opts[i]!) {
      if (!ok(i, o)) continue;
      const key = `${o.c}:${o.week}`;
      chosen.push(o);
      use.set(key, (use.get(key) ?? 0) + v.durationMinutes);
      rec(k + 1, value + v.priority);
      use.set(key, use.get(key)! - v.durationMinutes);
      chosen.pop();
    }
    rec(k + 1, value);
  };
  rec(0, 0);
  return best;
}

export function fmt(m: number) {
  const d = new Date(Math.floor(m / 1440) * DAY_MS);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(Math.floor((m % 1440) / 60))}:${pad(m % 60)}`;
}
