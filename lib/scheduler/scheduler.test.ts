import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isoWeek, parseDate, parseDateTime, parseTime, isoWeekday } from './clock';
import { schedule } from './engine';
import type { Instance, Result, VisitRequest } from './types';
import { InstanceError, validateInstance } from './validate';
import { seededRandom } from '@/lib/random';

/** An independent check of every hard rule of the contract. Returns the broken rules. */
function violations(inst: Instance, res: Result): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const id of [...res.placements.map((p) => p.visitId), ...res.unplaced.map((u) => u.visitId)]) {
    if (seen.has(id)) out.push(`${id} appears twice`);
    seen.add(id);
  }
  for (const v of inst.visits) if (!seen.has(v.id)) out.push(`${v.id} missing`);
  for (const u of res.unplaced) if (!u.reason) out.push(`${u.visitId} has no reason`);
  const h0 = parseDate(inst.horizon.start)! * 1440;
  const h1 = (parseDate(inst.horizon.end)! + 1) * 1440;
  const byConsultant = new Map<string, [number, number][]>();
  const weekly = new Map<string, number>();
  for (const p of res.placements) {
    const v = inst.visits.find((x) => x.id === p.visitId)!;
    const c = inst.consultants.find((x) => x.id === p.consultantId);
    const s = parseDateTime(p.start)!;
    const e = parseDateTime(p.end)!;
    const f0 = s - v.travelMinutes;
    const f1 = e + v.travelMinutes;
    if (!c || !v.consultantIds.includes(c.id)) out.push(`${v.id}: consultant not allowed`);
    if (e !== s + v.durationMinutes) out.push(`${v.id}: end is not start + duration`);
    if ((s % 1440) % inst.slotMinutes !== 0) out.push(`${v.id}: off the grid`);
    if (s < h0 || e > h1) out.push(`${v.id}: outside the horizon`);
    const windows = v.windows ?? [{ start: '0000-01-01T00:00', end: '9999-12-31T00:00' }];
    if (!windows.some((w) => (parseDateTime(w.start) ?? -Infinity) <= s && e <= (parseDateTime(w.end) ?? Infinity)))
      out.push(`${v.id}: outside its windows`);
    const day = Math.floor(f0 / 1440);
    const inHours = c?.workingHours.some(
      (wh) =>
        wh.weekday === isoWeekday(day) && day * 1440 + parseTime(wh.start, false)! <= f0 && f1 <= day * 1440 + parseTime(wh.end, true)!,
    );
    if (!inHours) out.push(`${v.id}: footprint outside working hours`);
    for (const b of [...inst.protectedBlocks, ...inst.busy].filter((x) => x.consultantId === p.consultantId)) {
      if (f0 < parseDateTime(b.end)! && parseDateTime(b.start)! < f1) out.push(`${v.id}: overlaps ${'id' in b ? b.id : 'busy'}`);
    }
    const list = byConsultant.get(p.consultantId) ?? [];
    for (const [a, b] of list) if (f0 < b && a < f1) out.push(`${v.id}: overlaps another visit`);
    list.push([f0, f1]);
    byConsultant.set(p.consultantId, list);
    const key = `${p.consultantId}:${isoWeek(Math.floor(s / 1440))}`;
    weekly.set(key, (weekly.get(key) ?? 0) + (v.uncapped ? 0 : v.durationMinutes));
    if (weekly.get(key)! > (c?.maxMicroMinutesPerWeek ?? Infinity)) out.push(`${v.id}: weekly cap exceeded`);
  }
  return out;
}

const score = (inst: Instance, res: Result) =>
  res.placements.reduce((s, p) => s + inst.visits.find((v) => v.id === p.visitId)!.priority, 0);

const base = (visits: VisitRequest[], extra: Partial<Instance> = {}): Instance => ({
  slotMinutes: 15,
  horizon: { start: '2026-12-07', end: '2026-12-07' }, // a Monday
  consultants: [{ id: 'ana', workingHours: [{ weekday: 1, start: '08:00', end: '12:00' }] }],
  protectedBlocks: [],
  busy: [],
  visits,
  ...extra,
});
const visit = (id: string, durationMinutes: number, extra: Partial<VisitRequest> = {}): VisitRequest => ({
  id,
  clientId: `client-${id}`,
  durationMinutes,
  travelMinutes: 0,
  priority: 3,
  consultantIds: ['ana'],
  ...extra,
});

describe('scheduler edge cases', () => {
  it('places the contract example after the protected direct-mail block', () => {
    const inst = validateInstance({
      slotMinutes: 15,
      horizon: { start: '2026-12-07', end: '2026-12-18' },
      consultants: [{ id: 'ana', workingHours: [{ weekday: 1, start: '08:00', end: '17:00' }], maxMicroMinutesPerWeek: 600 }],
      protectedBlocks: [{ id: 'mkt-1', consultantId: 'ana', kind: 'direct-mail', start: '2026-12-07T09:00', end: '2026-12-07T11:00' }],
      busy: [{ consultantId: 'ana', start: '2026-12-08T13:00', end: '2026-12-08T17:00' }],
      visits: [
        {
          id: 'v1',
          clientId: 'acme',
          durationMinutes: 90,
          travelMinutes: 15,
          priority: 3,
          consultantIds: ['ana'],
          windows: [{ start: '2026-12-07T08:00', end: '2026-12-09T17:00' }],
        },
      ],
    });
    const res = schedule(inst);
    // 08:15 would put the footprint (08:00–10:00) over the block; 11:15 leaves 15 minutes of travel after it.
    expect(res.placements).toEqual([{ visitId: 'v1', consultantId: 'ana', start: '2026-12-07T11:15', end: '2026-12-07T12:45' }]);
    expect(violations(inst, res)).toEqual([]);
  });

  it('leaves a visit longer than any gap unplaced with a reason', () => {
    const inst = base([visit('long', 300)]);
    const res = schedule(inst);
    expect(res.placements).toEqual([]);
    expect(res.unplaced[0]?.reason).toMatch(/longer than any working-hours interval/);
  });

  it('never places a visit whose only window lies inside a protected block', () => {
    const inst = base([visit('v', 60, { windows: [{ start: '2026-12-07T09:00', end: '2026-12-07T11:00' }] })], {
      protectedBlocks: [{ id: 'seminar', consultantId: 'ana', start: '2026-12-07T09:00', end: '2026-12-07T11:00' }],
    });
    const res = schedule(inst);
    expect(res.placements).toEqual([]);
    expect(res.unplaced[0]?.reason).toBe('no free slot in its windows outside protected blocks and busy time');
  });

  it('fits back-to-back visits with zero travel and a visit exactly filling a gap', () => {
    const inst = base([visit('a', 120), visit('b', 60), visit('c', 60)]);
    const res = schedule(inst);
    expect(res.placements).toHaveLength(3);
    expect(violations(inst, res)).toEqual([]);
  });

  it('counts travel on both sides, even between visits of the same client', () => {
    // 4 hours of work day; two 90-minute visits need 2 × (90 + 2 × 15) = 240 minutes.
    const inst = base([visit('a', 90, { travelMinutes: 15, clientId: 'same' }), visit('b', 90, { travelMinutes: 15, clientId: 'same' })]);
    const res = schedule(inst);
    expect(res.placements.map((p) => p.start)).toEqual(['2026-12-07T08:15', '2026-12-07T10:15']);
    expect(violations(inst, res)).toEqual([]);
    const tight = base([visit('a', 90, { travelMinutes: 16 }), visit('b', 90, { travelMinutes: 16 })]);
    expect(schedule(tight).placements).toHaveLength(1);
  });

  it('respects the weekly cap and says so', () => {
    const inst = base([visit('a', 60), visit('b', 60, { priority: 5 })], {
      consultants: [{ id: 'ana', workingHours: [{ weekday: 1, start: '08:00', end: '12:00' }], maxMicroMinutesPerWeek: 60 }],
    });
    const res = schedule(inst);
    expect(res.placements.map((p) => p.visitId)).toEqual(['b']);
    expect(res.unplaced).toEqual([
      { visitId: 'a', reason: "its consultants' weekly micro-visit cap is reached in every week it could go" },
    ]);
  });

  it('does not count an uncapped (not micro) visit against the weekly cap, nor need room under it', () => {
    const ana = (extra = {}) => [
      { id: 'ana', workingHours: [{ weekday: 1, start: '08:00', end: '12:00' }], maxMicroMinutesPerWeek: 60, ...extra },
    ];
    // One micro hour fills the cap; the two-hour sweet-spot visit goes in beside it.
    const inst = base([visit('a', 60, { priority: 2 }), visit('b', 60, { priority: 1 }), visit('big', 120, { uncapped: true })], {
      consultants: ana(),
    });
    const res = schedule(inst);
    expect(res.placements.map((p) => p.visitId).sort()).toEqual(['a', 'big']);
    expect(res.unplaced).toEqual([
      { visitId: 'b', reason: "its consultants' weekly micro-visit cap is reached in every week it could go" },
    ]);
    expect(violations(inst, res)).toEqual([]);
    // A week whose cap is already used up by booked micro visits still takes it.
    const full = base([visit('a', 60), visit('big', 120, { uncapped: true })], {
      consultants: ana({ bookedMinutesByWeek: { '2026-12-07': 60 } }),
    });
    expect(schedule(full).placements.map((p) => p.visitId)).toEqual(['big']);
  });

  it('uses a 30-minute grid', () => {
    const inst = base([visit('a', 45, { travelMinutes: 10 })], { slotMinutes: 30 });
    const res = schedule(inst);
    expect(res.placements[0]?.start).toBe('2026-12-07T08:30');
    expect(violations(inst, res)).toEqual([]);
  });

  it('prefers more priority over more visits, unlike a first fit', () => {
    // One 4-hour gap: first fit by order would take the two short ones (priority 2 + 2);
    // the optimum takes the long one worth 5.
    const inst = base([visit('s1', 120, { priority: 2 }), visit('s2', 120, { priority: 2 }), visit('long', 240, { priority: 5 })]);
    expect(score(inst, schedule(inst))).toBe(5);
  });
});

describe('scheduler validation', () => {
  const ok = base([visit('a', 60)]);
  it.each([
    [{ ...ok, slotMinutes: 7 }, 'instance.slotMinutes: must divide 1440'],
    [{ ...ok, horizon: { start: '2026-02-30', end: '2026-03-01' } }, 'instance.horizon.start: must be a real date'],
    [{ ...ok, horizon: { start: '2026-03-02', end: '2026-03-01' } }, 'instance.horizon.end: must not be before'],
    [{ ...ok, visits: [visit('a', 0)] }, 'visits[0].durationMinutes: must be at least 1'],
    [{ ...ok, visits: [visit('a', 60, { travelMinutes: -5 })] }, 'visits[0].travelMinutes: must be at least 0'],
    [{ ...ok, visits: [visit('a', 60, { priority: 6 })] }, 'visits[0].priority: must be from 1 to 5'],
    [{ ...ok, visits: [visit('a', 60, { consultantIds: ['bob'] })] }, 'visits[0].consultantIds[0]: unknown consultant id "bob"'],
    [{ ...ok, visits: [visit('a', 60, { consultantIds: [] })] }, 'visits[0].consultantIds: must name at least one consultant'],
    [{ ...ok, visits: [visit('a', 60, { windows: [] })] }, 'visits[0].windows: must not be empty'],
    [{ ...ok, visits: [visit('a', 60), visit('a', 30)] }, 'visits[1].id: duplicate visit id "a"'],
    [{ ...ok, busy: [{ consultantId: 'ana', start: '2026-12-07T10:00', end: '2026-12-07T10:00' }] }, 'busy[0].end: must be after start'],
    [
      { ...ok, busy: [{ consultantId: 'zed', start: '2026-12-07T10:00', end: '2026-12-07T11:00' }] },
      'busy[0].consultantId: unknown consultant id "zed"',
    ],
    [
      { ...ok, protectedBlocks: [{ consultantId: 'ana', start: '2026-12-07T10:00', end: '2026-12-07T11:00' }] },
      'protectedBlocks[0].id: is required',
    ],
    [
      { ...ok, consultants: [{ id: 'ana', workingHours: [{ weekday: 8, start: '08:00', end: '12:00' }] }] },
      'consultants[0].workingHours[0].weekday: must be from 1 to 7',
    ],
    [
      { ...ok, consultants: [{ id: 'ana', workingHours: [{ weekday: 1, start: '25:00', end: '26:00' }] }] },
      'consultants[0].workingHours[0].start: must be a time',
    ],
    [{ ...ok, visits: [{ ...visit('a', 60), durationMinutes: 1.5 }] }, 'visits[0].durationMinutes: must be a whole number'],
    [{ ...ok, visits: undefined }, 'instance.visits: is required'],
  ])('refuses %#: %s', (input, message) => {
    expect(() => validateInstance(input)).toThrow(InstanceError);
    expect(() => validateInstance(input)).toThrow(message);
  });

  it('accepts 24:00 as the end of working hours', () => {
    expect(() =>
      validateInstance({ ...ok, consultants: [{ id: 'ana', workingHours: [{ weekday: 1, start: '20:00', end: '24:00' }] }] }),
    ).not.toThrow();
  });
});

function randomInstance(seed: number, visitsCount: number, maxDays = 7): Instance {
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
function bruteForce(inst: Instance): number {
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
function exactOptimum(inst: Instance): number {
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

function fmt(m: number) {
  const d = new Date(Math.floor(m / 1440) * 86_400_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(Math.floor((m % 1440) / 60))}:${pad(m % 60)}`;
}

describe('scheduler properties', () => {
  it('never breaks a hard rule and lists every visit once (300 random instances)', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const inst = randomInstance(seed, 2 + (seed % 12));
      const res = schedule(inst, { timeBudgetMs: 200 });
      expect(violations(inst, res), `seed ${seed}`).toEqual([]);
    }
  });

  it('reaches the exact optimum on small instances (brute force, 150 random one-day instances of 2–5 visits)', () => {
    for (let seed = 1000; seed < 1150; seed++) {
      const inst = randomInstance(seed, 2 + (seed % 4), 1);
      expect(score(inst, schedule(inst)), `seed ${seed}`).toBe(bruteForce(inst));
    }
  }, 60_000);
});

describe('scheduler optimality', () => {
  it('matches an exhaustive search on crowded one-day instances of 6–8 visits (300 instances)', () => {
    const misses: string[] = [];
    for (let seed = 5000; seed < 5300; seed++) {
      const inst = randomInstance(seed, 6 + (seed % 3), 1);
      const got = score(inst, schedule(inst, { timeBudgetMs: 2000 }));
      const want = exactOptimum(inst);
      if (got !== want) misses.push(`seed ${seed}: ${got} of ${want}`);
    }
    expect(misses).toEqual([]);
  }, 120_000);
});

describe('npm run schedule', () => {
  // The command's own entry point (package.json: "schedule": "node scripts/schedule.mjs").
  const cli = path.join(process.cwd(), 'scripts', 'schedule.mjs');
  const tsx = process.execPath;
  it('prints the result JSON and exits 0 for a valid instance', () => {
    const out = execFileSync(tsx, [cli], { input: JSON.stringify(base([visit('a', 60)])) }).toString();
    expect(JSON.parse(out)).toEqual({
      placements: [{ visitId: 'a', consultantId: 'ana', start: '2026-12-07T08:00', end: '2026-12-07T09:00' }],
      unplaced: [],
    });
  });
  it('returns results that obey every hard rule on random instances, through the real command', () => {
    for (let seed = 7000; seed < 7006; seed++) {
      const inst = randomInstance(seed, 4 + (seed % 10), 5);
      const out = execFileSync(tsx, [cli], { input: JSON.stringify(inst) }).toString();
      const res = JSON.parse(out) as Result;
      expect(violations(inst, res), `seed ${seed}`).toEqual([]);
      expect(res.placements.length + res.unplaced.length).toBe(inst.visits.length);
    }
  }, 60_000);
  it('exits 2 with one line on stderr and nothing on stdout for bad input', () => {
    for (const input of ['{not json', JSON.stringify(base([visit('a', 60, { consultantIds: ['bob'] })]))]) {
      const run = spawnSync(tsx, [cli], { input });
      expect(run.status).toBe(2);
      expect(run.stdout.toString()).toBe('');
      expect(run.stderr.toString().trim().split('\n')).toHaveLength(1);
    }
  });
});
