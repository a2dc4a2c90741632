import { DAY_MS } from '../../time/units';
import { seededRandom } from '../../random';
import type { Busy, Consultant, Instance, ProtectedBlock, VisitRequest, Window } from '../types';
import { validateInstance } from '../validate';

/**
 * Hard instances of contract v1, as a busy firm meets them (issue 19): more
 * requested hours than free hours, priorities 1–5, windows of one to ten days,
 * consultants with different hours and allowed lists, busy time, tight weekly
 * caps, travel of 0–45 minutes, 15- and 30-minute grids, horizons that start
 * and end mid-week, and planted edge cases. Deterministic for a seed: bump
 * GENERATOR_VERSION whenever the output for a seed changes, so recorded
 * optima are never compared with other instances.
 */
export const GENERATOR_VERSION = 2;

export type Size = { visits: number; consultants: number; weeks: number };

type Rng = { r: () => number; int: (lo: number, hi: number) => number; pick: <T>(xs: readonly T[]) => T };
function rng(seed: number): Rng {
  const r = seededRandom(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  return { r, int, pick: (xs) => xs[int(0, xs.length - 1)]! };
}

const pad = (n: number) => String(n).padStart(2, '0');
const day0 = Date.UTC(2027, 0, 4); // a Monday
const dateOf = (day: number) => new Date(day0 + day * DAY_MS).toISOString().slice(0, 10);
const hm = (minutes: number) => `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
const at = (day: number, minutes: number) => `${dateOf(day)}T${hm(minutes)}`;

/** Working-hours patterns: a day's intervals in minutes since midnight (touching intervals stay two). */
const PATTERNS: [number, number][][] = [
  [[480, 1020]],
  [[420, 900]],
  [[540, 1080]],
  [
    [480, 720],
    [720, 1020],
  ],
  [
    [510, 750],
    [810, 1080],
  ],
  [
    [600, 960],
    [960, 1200],
  ],
];

function consultants(g: Rng, count: number): Consultant[] {
  return Array.from({ length: count }, (_, i) => {
    const pattern = g.pick(PATTERNS);
    // One consultant in three works four days a week; some also work a Saturday morning.
    const off = g.r() < 0.35 ? g.int(1, 5) : 0;
    const days = [1, 2, 3, 4, 5].filter((d) => d !== off);
    const hours = days.flatMap((weekday) => pattern.map(([s, e]) => ({ weekday, start: hm(s), end: hm(e) })));
    if (g.r() < 0.2) hours.push({ weekday: 6, start: '08:00', end: '12:00' });
    return { id: `c${i}`, workingHours: hours, ...(g.r() < 0.85 ? { maxMicroMinutesPerWeek: g.int(6, 16) * 60 } : {}) };
  });
}

/** Protected blocks and busy time: a few per consultant and week, on the half hour or at odd minutes. */
function blocked(g: Rng, cs: Consultant[], days: number): { protectedBlocks: ProtectedBlock[]; busy: Busy[] } {
  const protectedBlocks: ProtectedBlock[] = [];
  const busy: Busy[] = [];
  const kinds = ['direct-mail', 'follow-up-calls', 'expo', 'seminar', 'networking', 'learning'];
  for (const c of cs) {
    const perWeek = g.int(2, 5);
    for (let k = 0; k < Math.ceil((days / 7) * perWeek); k++) {
      const day = g.int(0, days - 1);
      const s = g.int(14, 32) * 30 + (g.r() < 0.3 ? g.pick([5, 10, 20]) : 0);
      protectedBlocks.push({
        id: `${c.id}-m${k}`,
        consultantId: c.id,
        kind: g.pick(kinds),
        start: at(day, s),
        end: at(day, s + g.int(2, 6) * 30),
      });
    }
    for (let k = 0; k < Math.ceil((days / 7) * g.int(2, 6)); k++) {
      const day = g.int(0, days - 1);
      const s = g.int(14, 32) * 30 + (g.r() < 0.3 ? 15 : 0);
      // A whole day off now and then (a holiday), otherwise an appointment of 1–4 hours.
      const [bs, be] = g.r() < 0.08 ? [0, 1440] : [s, Math.min(1440, s + g.int(2, 8) * 30)];
      busy.push({ consultantId: c.id, start: at(day, bs), end: be === 1440 ? at(day + 1, 0) : at(day, be) });
    }
  }
  return { protectedBlocks, busy };
}

/** One to ten days, sometimes only part of the day, sometimes two windows. */
function windows(g: Rng, days: number): Window[] | undefined {
  if (g.r() < 0.08) return undefined;
  const one = (): Window => {
    const d0 = g.int(-1, days - 1);
    const d1 = Math.min(days, d0 + g.int(1, 10));
    const partial = g.r() < 0.25;
    return partial
      ? { start: at(d0, g.int(16, 24) * 30), end: at(Math.max(d0, d1 - 1), g.int(26, 34) * 30) }
      : { start: at(d0, 0), end: at(d1, 0) };
  };
  return g.r() < 0.15 ? [one(), one()] : [one()];
}

function visit(g: Rng, i: number, cs: Consultant[], days: number): VisitRequest {
  const allowed = cs.filter(() => g.r() < 0.45).map((c) => c.id);
  const w = windows(g, days);
  return {
    id: `v${i}`,
    clientId: `client${g.int(0, 60)}`,
    durationMinutes: g.pick([30, 45, 60, 60, 75, 90, 90, 120, 150, 180, 240]),
    travelMinutes: g.pick([0, 0, 5, 10, 15, 20, 25, 30, 40, 45]),
    priority: g.int(1, 5),
    consultantIds: allowed.length ? allowed : [g.pick(cs).id],
    ...(w ? { windows: w } : {}),
  };
}

/** Planted edge cases: a visit longer than any gap, a window inside a protected block, an exact fit between two busy stretches, a window narrower than the grid allows. */
function planted(g: Rng, cs: Consultant[], blocks: ProtectedBlock[], busy: Busy[], slot: number, days: number, n: number): VisitRequest[] {
  const base = (id: string, c: Consultant, durationMinutes: number, travelMinutes: number, w?: Window[]): VisitRequest => ({
    id,
    clientId: `client-${id}`,
    durationMinutes,
    travelMinutes,
    priority: g.int(1, 5),
    consultantIds: [c.id],
    ...(w ? { windows: w } : {}),
  });
  const c = g.pick(cs);
  const out = [base(`v${n}`, c, 720, 15)];
  const b = blocks.find((x) => x.consultantId === c.id);
  if (b) out.push(base(`v${n + 1}`, c, 60, 0, [{ start: b.start, end: b.end }]));
  // Exact fit: busy up to the gap and from its end; the visit's window is exactly its own time.
  const wh = c.workingHours[0]!;
  const weekday = wh.weekday;
  const day = (weekday - 1 + 7 * g.int(0, Math.floor(days / 7) - 1)) % days;
  const s = Number(wh.start.slice(0, 2)) * 60 + Number(wh.start.slice(3));
  const tr = slot;
  const d = g.pick([60, 90, 120]);
  const g0 = s + 60;
  busy.push({ consultantId: c.id, start: at(day, s), end: at(day, g0) });
  busy.push({ consultantId: c.id, start: at(day, g0 + d + 2 * tr), end: at(day, g0 + d + 2 * tr + 30) });
  out.push({ ...base(`v${n + 2}`, c, d, tr, [{ start: at(day, g0 + tr), end: at(day, g0 + tr + d) }]), priority: 5 });
  out.push(base(`v${n + 3}`, c, 60, 0, [{ start: at(day, 605), end: at(day, 670) }]));
  return out;
}

/** Weekly caps scaled so that the requested minutes are 1.3–2 times what the caps allow: demand above capacity. */
function tightenCaps(g: Rng, cs: Consultant[], visits: VisitRequest[], weeks: number) {
  const demand = visits.reduce((s, v) => s + v.durationMinutes, 0);
  const perWeek = demand / (g.int(13, 20) / 10) / weeks;
  // Unequal caps (0.6–1.4 of an even share) that add up to the weekly share of the demand.
  const shares = cs.map(() => g.int(6, 14));
  const total = shares.reduce((s, x) => s + x, 0);
  cs.forEach((c, i) => {
    if (c.maxMicroMinutesPerWeek !== undefined)
      c.maxMicroMinutesPerWeek = Math.max(60, Math.floor((perWeek * shares[i]!) / total / 30) * 30);
  });
}

/** A size of the judged family: 60–120 visits, 3–5 consultants, 2–3 weeks. */
export function judgedSize(seed: number): Size {
  const g = rng(seed * 7919 + 1);
  return { visits: g.int(60, 120), consultants: g.int(3, 5), weeks: g.int(2, 3) };
}

/** The hard instance of a seed (and size): valid by construction, checked by the validator anyway. */
export function generateHard(seed: number, size: Size = judgedSize(seed)): Instance {
  const g = rng(seed);
  const slot = g.r() < 0.3 ? 30 : 15;
  const days = size.weeks * 7;
  const cs = consultants(g, size.consultants);
  const { protectedBlocks, busy } = blocked(g, cs, days);
  const extra = planted(g, cs, protectedBlocks, busy, slot, days, size.visits - 4);
  const visits = [...Array.from({ length: size.visits - extra.length }, (_, i) => visit(g, i, cs, days)), ...extra];
  visits.forEach((v, i) => (v.id = `v${i}`));
  tightenCaps(g, cs, visits, size.weeks);
  // The horizon starts on Monday to Thursday and ends mid-week too, trimming 0–3 days at each end.
  const first = g.int(0, 3);
  const last = days - 1 - g.int(0, 3);
  return validateInstance({
    slotMinutes: slot,
    horizon: { start: dateOf(first), end: dateOf(last) },
    consultants: cs,
    protectedBlocks,
    busy,
    visits,
  });
}
